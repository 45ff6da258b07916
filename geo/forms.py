from django.urls import reverse

from core.forms import SafiranModelForm

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


class ProvinceForm(SafiranModelForm):
    scoped_fields = ()

    class Meta:
        model = Province
        fields = ["name", "name_en", "code", "center"]


class CountyForm(SafiranModelForm):
    """National admins add the counties created each year by the national divisions."""

    class Meta:
        model = County
        fields = ["province", "name", "code"]
