from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MobileField, PhoneField, SafiranModelForm
from geo.forms import CountyByProvinceMixin

from .models import Contact, Interaction, Organization


class OrganizationForm(CountyByProvinceMixin, SafiranModelForm):
    phone = PhoneField(label=_("phone"), required=False)
    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )
    allow_duplicate = forms.BooleanField(
        label=_("It is a different organisation with the same name: register it anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Organization
        fields = ["name", "kind", "media_kind", "province", "county", "areas", "address", "phone", "website", "notes"]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations that look like the one being typed (filled in by clean()).
        self.duplicates: list[Organization] = []

    def clean(self):
        cleaned = super().clean()
        name, province = cleaned.get("name"), cleaned.get("province")
        if not name or not province or cleaned.get("allow_duplicate"):
            return cleaned
        # Every organisation of the province counts, even one outside the user's areas.
        matches = Organization.objects.filter(province=province).same_name(name).exclude(pk=self.instance.pk)
        self.duplicates = list(matches.select_related("county").order_by("pk")[:5])
        if self.duplicates:
            # Named with their county, which tells same-named bodies apart (ids mean nothing to people).
            names = "، ".join(
                f"«{match.name}»" + (f" ({match.county})" if match.county_id else "") for match in self.duplicates
            )
            self.add_error(
                "name",
                _(
                    "This province already has an organisation with this name: %(names)s. Open it instead of "
                    "registering it twice, or tick the box below if this really is a different organisation."
                )
                % {"names": names},
            )
            self.fields["allow_duplicate"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
            # The box the message points to sits right under the name, not below the notes.
            self.order_fields(["name", "allow_duplicate"])
        return cleaned

    def duplicate_links(self) -> list[tuple[str, str | None]]:
        """(name, url) of each lookalike; no link to one this user may not open."""
        visible = set()
        if self.user is not None and self.duplicates:
            visible = set(
                Organization.objects.visible_to(self.user)
                .filter(pk__in=[match.pk for match in self.duplicates])
                .values_list("pk", flat=True)
            )
        return [
            (match.name, reverse("partners:organization_detail", args=[match.pk]) if match.pk in visible else None)
            for match in self.duplicates
        ]


class ContactForm(SafiranModelForm):
    mobile = MobileField(label=_("mobile"), required=False)
    phone = PhoneField(label=_("phone"), required=False)


    class Meta:
        model = Contact
        fields = ["organization", "first_name", "last_name", "role", "position", "term_start", "term_end",
                  "mobile", "phone", "email", "notes"]
        widgets = {"email": forms.EmailInput(attrs={"dir": "ltr"}), "notes": forms.Textarea(attrs={"rows": 3})}


def chosen_pk(form, name: str) -> int | None:
    """The pk a form's select holds: what was posted, else its initial value, else the saved one."""
    if form.is_bound:
        value = form.data.get(form.add_prefix(name))
    else:
        value = form.initial.get(name) or getattr(form.instance, f"{name}_id", None)
    value = getattr(value, "pk", value)
    return int(value) if str(value or "").isdigit() else None


class InteractionForm(SafiranModelForm):

    class Meta:
        model = Interaction
        fields = ["organization", "kind", "occurred_on", "subject", "summary", "contacts", "areas"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen organisation's people; a long list of everyone would not help.
        organization_id = chosen_pk(self, "organization")
        contacts = self.fields["contacts"]
        if organization_id:
            contacts.queryset = contacts.queryset.filter(organization_id=organization_id)
        else:
            contacts.queryset = contacts.queryset.none()
        if organization_id is None:
            contacts.help_text = _("To tick the people you spoke to, start from the organisation's page.")

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("An interaction is logged after it happens: the date cannot be in the future."))
        return value

