from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.display import number
from core.forms import MobileField, PersianFileInput, SafiranForm, SafiranModelForm
from core.normalize import normalize_digits
from geo.models import Province

from .choices import Dimension
from .demographics import MAX_DIMENSIONS, band_labels
from .models import Agency, Child, Retiree, RosterSettings
from .roster_files import FIELDS

MAX_UPLOAD_BYTES = 1024 * 1024 * 1024


class RosterUploadForm(SafiranForm):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV or Excel (.xlsx) as the pension fund exports it; the first line holds the column names."),
        widget=PersianFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    province = forms.ModelChoiceField(
        label=_("province"), queryset=Province.objects.all(), required=False,
        help_text=_("Rows of other provinces are rejected. National admins may leave it empty for a national roster."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.has_national_scope:
            self.fields["province"].required = True
            self.fields["province"].empty_label = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Choose a .csv or .xlsx file."), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 1 GB; split it or use the command line."), code="file_size")
        return upload


class MappingForm(SafiranForm):
    """One choice per column of the file: which roster field it holds, or none."""

    def __init__(self, *args, headers=(), initial_mapping=None, samples=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —"))] + [(name, label) for name, label in FIELDS.items()]
        self.headers = list(headers)
        self.initial_mapping = dict(initial_mapping or {})
        for index, header in enumerate(self.headers):
            found = (samples or {}).get(header)
            field = forms.ChoiceField(
                label=header or _("(column without a name)"), choices=choices, required=False,
                help_text=_("For example: %(values)s") % {"values": "، ".join(found)} if found else
                _("Empty in the first rows."),
            )
            field.initial = (initial_mapping or {}).get(header, "")
            self._style(field)
            self.fields[f"column_{index}"] = field

    @property
    def unrecognised(self) -> list[str]:
        return [header for header in self.headers if header not in self.initial_mapping]

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"column_{index}", "") for index, header in enumerate(self.headers)}

    def service_arguments(self) -> dict:
        return {"mapping": self.mapping()}


class ValueMappingForm(SafiranForm):
    """One choice per value an import did not recognise (national admins): a county for a county
    name (geo.CountyAlias), a level for an education value (retirees.EducationAlias)."""

    def __init__(self, *args, unknown=(), **kwargs):
        from geo.models import County, Province

        from .choices import RosterEducation

        super().__init__(*args, **kwargs)
        self.unknown = [item for item in unknown if item.get("field") == "county"][:100]
        self.unknown_education = [item for item in unknown if item.get("field") == "education"][:100]
        provinces = Province.objects.in_bulk({item["province"] for item in self.unknown})
        for index, item in enumerate(self.unknown):
            province = provinces.get(item["province"])
            item["province_name"] = str(province or "")
            field = forms.ModelChoiceField(
                queryset=County.objects.filter(province=province), required=False, empty_label=_("— leave empty —"),
                label=_("“%(value)s” (%(province)s)") % {"value": item["value"], "province": item["province_name"]},
            )
            self._style(field)
            self.fields[f"value_{index}"] = field
        for index, item in enumerate(self.unknown_education):
            field = forms.ChoiceField(
                choices=[("", _("— leave empty —")), *RosterEducation.choices], required=False,
                label=_("Education “%(value)s” (%(rows)s people)") % {"value": item["value"],
                                                                      "rows": number(item.get("rows", 0))},
            )
            self._style(field)
            self.fields[f"education_{index}"] = field

    def choices(self) -> dict:
        return {(item["province"], item["value"]): self.cleaned_data.get(f"value_{index}")
                for index, item in enumerate(self.unknown)}

    def education_choices(self) -> dict:
        return {item["value"]: self.cleaned_data.get(f"education_{index}") or None
                for index, item in enumerate(self.unknown_education)}

    def service_arguments(self) -> dict:
        return {"choices": self.choices(), "education": self.education_choices()}


class ConsentForm(SafiranForm):
    consent_contact = forms.BooleanField(label=_("Consents to be contacted by the programme"), required=False)
    consent_children = forms.BooleanField(label=_("Consents to recording their children"), required=False)
    note = forms.CharField(
        label=_("How was consent given?"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: by telephone on 1405/09/02, or a signed form. Kept in the audit log."),
    )


class ChildForm(SafiranModelForm):
    mobile = MobileField(label=_("mobile"), required=False)

    class Meta:
        model = Child
        fields = ["retiree", "first_name", "last_name", "relation", "birth_year", "education", "field_of_study", "consent_contact"]
        widgets = {"retiree": forms.HiddenInput, "relation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only retirees this user may see; never rendered as a list (1.5 M rows).
        retirees = Retiree.objects.all()
        if self.user is not None:
            retirees = retirees.visible_to(self.user)
        self.fields["retiree"].queryset = retirees
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric", "dir": "ltr", "placeholder": "1365"})
        if self.instance.pk:
            self.fields["retiree"].disabled = True
            self.initial.setdefault("mobile", self.instance.mobile)

    def full_clean(self):
        # Persian or Arabic-Indic digits in the year are read as ASCII.
        if self.is_bound and "birth_year" in self.data:
            data = self.data.copy()
            data["birth_year"] = normalize_digits(str(data.get("birth_year") or ""))
            self.data = data
        super().full_clean()

    def _post_clean(self):
        # The mobile is a form field standing for the model's encrypted column.
        self.instance.set_mobile(self.cleaned_data.get("mobile") or "")
        super()._post_clean()


class RosterSettingsForm(SafiranModelForm):
    class Meta:
        model = RosterSettings
        fields = ["suppression_threshold", "perturbation", "age_bands", "retirement_bands", "education_codes"]
        widgets = {"age_bands": forms.TextInput(attrs={"dir": "ltr"}), "retirement_bands": forms.TextInput(attrs={"dir": "ltr"})}

    def clean_age_bands(self):
        return normalize_digits(self.cleaned_data["age_bands"].replace("،", ","))

    def clean_retirement_bands(self):
        return normalize_digits(self.cleaned_data["retirement_bands"].replace("،", ","))


class AgencyForm(SafiranModelForm):
    class Meta:
        model = Agency
        fields = ["name", "is_active"]



def dimension_choices(user):
    choices = [(value, label) for value, label in Dimension.choices]
    if not user.has_national_scope:
        # A provincial user's table has one province: nothing to break down.
        choices = [(value, label) for value, label in choices if value != Dimension.PROVINCE]
    return choices


class ExplorerForm(SafiranForm):
    """Up to three dimensions and the filters of the demographics explorer."""

    first = forms.ChoiceField(label=_("Rows"), required=True)
    second = forms.ChoiceField(label=_("Then by"), required=False)
    third = forms.ChoiceField(label=_("Columns"), required=False)
    province = forms.ModelChoiceField(label=_("province"), queryset=Province.objects.all(), required=False)
    county = forms.ModelChoiceField(label=_("county"), queryset=None, required=False)
    gender = forms.ChoiceField(label=_("gender"), required=False)
    education = forms.ChoiceField(label=_("education"), required=False)
    agency = forms.ModelChoiceField(label=_("former agency"), queryset=Agency.objects.all(), required=False)
    age_band = forms.TypedChoiceField(label=_("age group"), required=False, coerce=int, empty_value=None)
    retirement_band = forms.TypedChoiceField(label=_("years since retirement"), required=False, coerce=int, empty_value=None)

    FILTERS = ("province", "county", "gender", "education", "agency", "age_band", "retirement_band")

    def __init__(self, *args, **kwargs):
        from core.choices import Gender
        from geo.models import County

        from .choices import RosterEducation

        user = kwargs.get("user")
        self.base_fields["county"].queryset = County.objects.all()
        super().__init__(*args, **kwargs)
        dims = dimension_choices(user)
        self.fields["first"].choices = dims
        self.fields["second"].choices = [("", _("—"))] + dims
        self.fields["third"].choices = [("", _("—"))] + dims
        everything = [("", _("All"))]
        self.fields["gender"].choices = everything + list(Gender.choices)
        self.fields["education"].choices = everything + list(RosterEducation.choices)
        settings_row = RosterSettings.current()
        self.fields["age_band"].choices = everything + list(enumerate(band_labels(settings_row.get_age_limits())))
        self.fields["retirement_band"].choices = everything + list(
            enumerate(band_labels(settings_row.get_retirement_limits()))
        )
        for name in ("province", "county", "agency"):
            self.fields[name].empty_label = _("All")
        if user is not None and not user.has_national_scope:
            del self.fields["province"]

    def clean(self):
        cleaned = super().clean()
        dims = [cleaned.get(name) for name in ("first", "second", "third") if cleaned.get(name)]
        if len(set(dims)) != len(dims):
            raise ValidationError(_("Choose each dimension once."))
        cleaned["dimensions"] = dims[:MAX_DIMENSIONS]
        filters = {}
        for name in self.FILTERS:
            value = cleaned.get(name)
            if value not in (None, ""):
                filters[name] = getattr(value, "pk", value)
        cleaned["filters"] = filters
        return cleaned
