from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.display import digits
from core.forms import SafiranModelForm
from core.normalize import normalize_digits

from .models import County, Province


class CountyByProvinceMixin:
    """A form's county choices follow its province: limited on the server, refreshed by htmx."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "province" not in self.fields or "county" not in self.fields:
            return
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("geo:county_options"),
                "hx-target": f"#{self['county'].id_for_label}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        province_id = self._chosen_province_id()
        queryset = self.fields["county"].queryset
        self.fields["county"].queryset = queryset.filter(province_id=province_id) if province_id else queryset.none()

    def _chosen_province_id(self):
        if self.is_bound:
            value = self.data.get(self.add_prefix("province"))
            return int(value) if str(value or "").isdigit() else None
        initial = self.initial.get("province") or self.fields["province"].initial
        if initial:
            return getattr(initial, "pk", initial)
        return getattr(self.instance, "province_id", None)


def county_queryset(user, province_id):
    counties = County.objects.visible_to(user)
    return counties.filter(province_id=province_id) if province_id else counties.none()


def official_code(value, length: int, example: str):
    """An official code typed with any digits, stored in ASCII digits (imports match on it)."""
    code = normalize_digits(value or "").strip()
    if code and not (code.isascii() and code.isdigit() and len(code) == length):
        raise forms.ValidationError(
            _("The official code is %(length)s digits, for example %(example)s."),
            params={"length": digits(length), "example": digits(example)},
        )
    return code


class ProvinceForm(SafiranModelForm):

    class Meta:
        model = Province
        fields = ["name", "name_en", "code", "center"]
        widgets = {"code": forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
                   "name_en": forms.TextInput(attrs={"dir": "ltr"})}

    def clean_code(self):
        return official_code(self.cleaned_data["code"], 2, "23")


class CountyForm(SafiranModelForm):
    """National admins add the counties created each year by the national divisions."""

    class Meta:
        model = County
        fields = ["province", "name", "code"]
        widgets = {"code": forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"})}

    def clean_code(self):
        return official_code(self.cleaned_data["code"], 4, "2301") or None

    def clean(self):
        cleaned = super().clean()
        province, code = cleaned.get("province"), cleaned.get("code")
        if province and code and not code.startswith(province.code):
            self.add_error("code", _("A county's official code begins with its province's code, %(code)s.") % {
                "code": digits(province.code)})
        return cleaned
