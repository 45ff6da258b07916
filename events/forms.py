from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import JalaliDateField, PhoneField, SafiranForm, SafiranModelForm, WholeNumberField
from geo.forms import CountyByProvinceMixin

from .models import Facility


class FacilityForm(CountyByProvinceMixin, SafiranModelForm):
    contact_phone = PhoneField(label=_("contact phone"), required=False)
    allow_duplicate = forms.BooleanField(
        label=_("It is a different space with the same name: register it anyway"), required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Facility
        fields = ["name", "province", "county", "owner", "address", "seats", "step_free", "accessibility", "free_times",
                  "contact_name", "contact_phone"]
        field_classes = {"seats": WholeNumberField}
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "free_times": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Facility] = []

    def clean(self):
        cleaned = super().clean()
        name, county = cleaned.get("name"), cleaned.get("county")
        if not name or not county or cleaned.get("allow_duplicate"):
            return cleaned
        # Every space of the county counts, whoever reported it.
        matches = Facility.objects.filter(county=county).same_name(name).exclude(pk=self.instance.pk)
        self.duplicates = list(matches.order_by("pk")[:5])
        if self.duplicates:
            names = "، ".join(f"«{match.name}» ({match.get_status_display()})" for match in self.duplicates)
            self.add_error("name", _(
                "%(county)s already has a space with this name: %(names)s. Open it instead of reporting it twice, "
                "or tick the box below if this really is a different space."
            ) % {"county": county, "names": names})
            self.fields["allow_duplicate"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
            self.order_fields(["name", "allow_duplicate"])
        return cleaned

    def duplicate_links(self) -> list[tuple[str, str | None]]:
        visible = set()
        if self.user is not None and self.duplicates:
            visible = set(Facility.objects.visible_to(self.user).filter(pk__in=[m.pk for m in self.duplicates])
                          .values_list("pk", flat=True))
        return [(match.name, reverse("events:facility_detail", args=[match.pk]) if match.pk in visible else None)
                for match in self.duplicates]


class FacilityVerifyForm(SafiranForm):
    visited_on = JalaliDateField(label=_("Visited on"))
    seats = WholeNumberField(label=_("Seats counted at the visit"), min_value=1)
    visit_notes = forms.CharField(label=_("What the visit found"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The visit is recorded after it took place: the date cannot be in the future."))
        return value
