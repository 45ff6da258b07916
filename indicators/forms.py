from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import UniqueConstraint
from django.utils.translation import gettext_lazy as _

from core.forms import JalaliDateField, SafiranForm, SafiranModelForm
from core.money import THOUSANDS_SEPARATORS
from core.normalize import normalize_digits
from geo.forms import CountyByProvinceMixin
from geo.models import Province
from partners.models import Organization

from . import periods
from .choices import IndicatorScope, PeriodType, SourceKind
from .models import (
    EntryExtension,
    Indicator,
    IndicatorSettings,
    IndicatorValue,
    PeriodVerification,
    Website,
    site_of,
    validate_scan,
)
from .services import implausible

MAX_DIGITS = 14


class FigureField(forms.DecimalField):
    """A figure typed as people write it: ۱۲٬۵۰۰٫۵, 12,500.5, Persian or ASCII digits."""

    default_error_messages = {"invalid": _("Enter a number, for example 12500 or 3.5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"})

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).translate(THOUSANDS_SEPARATORS).replace("٫", ".").strip()
        return super().to_python(value)


def parse_figure(text) -> Decimal | None:
    """A figure from a spreadsheet cell or a typed text; None when empty, ValueError when not a number."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, float):  # a spreadsheet's binary float: as many places as a value keeps
        return Decimal(str(round(text, 4)))
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return Decimal(text)
    try:
        return FigureField().clean(str(text))
    except forms.ValidationError:
        raise ValueError(text) from None
    except InvalidOperation:
        raise ValueError(text) from None


class IndicatorForm(SafiranModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "area", "unit", "period_type", "scope", "province", "min_value", "max_value", "description",
                  "active"]
        field_classes = {"min_value": FigureField, "max_value": FigureField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "scope": forms.RadioSelect,
                   "period_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.has_national_scope:
            # National indicators are the national admins'; a province defines its own.
            self.fields["scope"].choices = [(IndicatorScope.PROVINCIAL, IndicatorScope.PROVINCIAL.label)]
            self.fields["scope"].initial = IndicatorScope.PROVINCIAL

    def clean(self):
        cleaned = super().clean()
        user = self.user
        if user is not None and not user.has_national_scope and self.instance.pk and self.instance.province_id is None:
            raise forms.ValidationError(_("Only national admins change national indicators."))
        scope = cleaned.get("scope")
        if scope == IndicatorScope.NATIONAL:
            cleaned["province"] = None
            self.instance.province = None
        elif scope == IndicatorScope.PROVINCIAL and not cleaned.get("province"):
            self.add_error("province", _("Choose the province this indicator belongs to."))
        return cleaned


def add_period_fields(form, required=True):
    form.fields["period_year"] = forms.IntegerField(
        label=_("Jalali year"), min_value=periods.MIN_YEAR, max_value=periods.MAX_YEAR, required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "class": "form-control",
                                      "placeholder": _("e.g. 1404")}),
        error_messages={"invalid": _("Enter the Jalali year, for example 1404.")},
    )
    form.fields["period_part"] = forms.ChoiceField(
        label=_("month or season"), choices=periods.part_choices(), required=False,
        help_text=_("A month for a monthly indicator, a season for a quarterly one, “whole year” for a yearly one."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def period_from(cleaned, kind) -> periods.Period:
    """The period the two boxes name, for an indicator of period type `kind`; PeriodError if they do not fit."""
    year = cleaned.get("period_year") or 0
    part = cleaned.get("period_part") or ""
    if kind == PeriodType.MONTH:
        return periods.make(kind, year, int(part) if part.isdigit() else 0)
    if kind == PeriodType.QUARTER:
        return periods.make(kind, year, int(part[1:]) if part.startswith("Q") else 0)
    if part:
        raise periods.PeriodError(_("This indicator is yearly: choose “whole year”."))
    return periods.make(kind, year)


class IndicatorValueForm(CountyByProvinceMixin, SafiranModelForm):
    """A value with its named source. The period is asked as a year and a month or season;
    `value_record` creates the row or updates the one with the same indicator, place, period
    and source."""

    url = forms.URLField(label=_("web address"), required=False, max_length=500, assume_scheme="https",
                         widget=forms.URLInput(attrs={"dir": "ltr"}))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "province", "county", "value", "not_available", "not_available_reason", "comment",
                  "source_kind", "organization", "letter_number", "letter_date", "letter_scan", "website", "url",
                  "retrieved_on"]
        field_classes = {"value": FigureField}
        widgets = {"not_available_reason": forms.Textarea(attrs={"rows": 2}), "comment": forms.Textarea(attrs={"rows": 2}),
                   "source_kind": forms.RadioSelect, "url": forms.URLInput(attrs={"dir": "ltr"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_period_fields(self)
        self.order_fields(["indicator", "province", "county", "period_year", "period_part"])
        self.fields["letter_scan"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        self.fields["letter_scan"].help_text = _("PDF, JPG or PNG, at most 10 MB.")
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.filter(active=True) | (
            Indicator.objects.filter(pk=self.instance.indicator_id) if self.instance.indicator_id else Indicator.objects.none())
        if self.instance.pk:
            period = self.instance.period
            self.initial.setdefault("period_year", period.year)
            self.initial.setdefault("period_part", "" if not period.part else (
                f"Q{period.part}" if period.kind == "quarter" else str(period.part)))
        self.period = None

    def clean_letter_scan(self):
        scan = self.cleaned_data.get("letter_scan")
        if scan and hasattr(scan, "content_type"):  # a new upload
            validate_scan(scan)
        return scan

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is not None and cleaned.get("period_year"):
            try:
                self.period = period_from(cleaned, indicator.period_type)
            except periods.PeriodError as error:
                self.add_error("period_part", str(error))
        # A figure, or "not available" with its reason — never an empty value read as zero.
        if cleaned.get("not_available"):
            if cleaned.get("value") is not None:
                self.add_error("value", _("Leave the value empty when it is not available, or untick “not available”."))
            if not (cleaned.get("not_available_reason") or "").strip():
                self.add_error("not_available_reason", _("Say why the figure is not available (e.g. the office does "
                                                         "not count it yet)."))
        elif cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Enter the figure, or tick “not available” and say why. An empty value is not "
                                      "taken as zero."))
        self._clean_source(cleaned)
        if self.period is not None and cleaned.get("province") and not cleaned.get("not_available") \
                and cleaned.get("value") is not None and not (cleaned.get("comment") or "").strip():
            problem = implausible(indicator, cleaned["province"], cleaned.get("county"), self.period, cleaned["value"])
            if problem:
                self.add_error("comment", problem)
        if self.period is not None:
            self._check_moved(cleaned)
            self.instance.period_key, self.instance.period_start = self.period.key, self.period.start
        return cleaned

    def _check_moved(self, cleaned):
        """An edit that moves the value to another province or period: that one must be open too
        (the value's own is checked by the edit guard; a new value by the service)."""
        from .services import PeriodLocked, check_period_open

        province = cleaned.get("province")
        if not self.instance.pk or province is None:
            return
        if (province.pk, self.period.key) != (self.instance.province_id, self.instance.period_key):
            try:
                check_period_open(province, self.period.key)
            except PeriodLocked as error:
                self.add_error(None, str(error))

    def _clean_source(self, cleaned):
        kind = cleaned.get("source_kind")
        if kind == SourceKind.ORGANIZATION:
            if not cleaned.get("organization"):
                self.add_error("organization", _("Choose the organisation whose letter gave this figure."))
            if not (cleaned.get("letter_number") or "").strip():
                self.add_error("letter_number", _("Enter the letter's number, as written on it."))
            if not cleaned.get("letter_date") and "letter_date" not in self.errors:
                self.add_error("letter_date", _("Enter the letter's date."))
            for name in ("website", "retrieved_on"):
                cleaned[name] = None
                setattr(self.instance, name, None)
            cleaned["url"] = self.instance.url = ""
        elif kind == SourceKind.WEBSITE:
            if not cleaned.get("url") and "url" not in self.errors:
                self.add_error("url", _("Enter the address of the page the figure was read on."))
            if not cleaned.get("retrieved_on") and "retrieved_on" not in self.errors:
                self.add_error("retrieved_on", _("Enter the date the page was read."))
            website = cleaned.get("website")
            if website and cleaned.get("url") and site_of(website.url) != site_of(cleaned["url"]):
                self.add_error("website", _("The address is not on this website; choose the right website or none."))
            elif website is None and cleaned.get("url"):
                # Linked to the register when the site is in it (among those this user sees).
                site = site_of(cleaned["url"])
                cleaned["website"] = next((item for item in self.fields["website"].queryset if site_of(item.url) == site),
                                          None)
                self.instance.website = cleaned["website"]
            for name in ("organization", "letter_date"):
                cleaned[name] = None
                setattr(self.instance, name, None)
            cleaned["letter_number"] = self.instance.letter_number = ""

    def validate_unique(self):
        """A new value for an existing indicator, place, period and source is not an error: the
        service updates that row. Other rules (value or not available, a named source) hold."""
        if self.instance.pk is None:
            exclude = self._get_validation_exclusions()
            errors = {}
            for constraint in IndicatorValue._meta.constraints:
                if isinstance(constraint, UniqueConstraint):
                    continue
                try:
                    constraint.validate(IndicatorValue, self.instance, exclude=exclude)
                except forms.ValidationError as error:
                    errors.setdefault("__all__", []).extend(error.messages)
            if errors:
                self._update_errors(forms.ValidationError(errors))
            return
        super().validate_unique()

    def service_arguments(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in (
            "indicator", "province", "county", "source_kind", "organization", "value", "not_available",
            "not_available_reason", "comment", "letter_number", "letter_date", "letter_scan", "website", "url",
            "retrieved_on")}
        data["letter_scan"] = data["letter_scan"] or None
        data["period"] = self.period
        return data


class WebsiteForm(SafiranModelForm):
    url = forms.URLField(label=_("web address"), max_length=500, assume_scheme="https",
                         widget=forms.URLInput(attrs={"dir": "ltr"}))

    class Meta:
        model = Website
        fields = ["name", "url", "kind", "province", "areas", "owner", "publishes", "notes"]
        widgets = {"publishes": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2}),
                   "areas": forms.CheckboxSelectMultiple, "url": forms.URLInput(attrs={"dir": "ltr"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.has_national_scope:
            self.fields["province"].required = True
            self.fields["province"].empty_label = None


class WebsiteCheckForm(SafiranForm):
    note = forms.CharField(label=_("What you found (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(SafiranForm):
    file = forms.FileField(label=_("Excel file of values"),
                           help_text=_("An .xlsx file with the columns of the template; its first line holds the column names."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        from .importer import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel (.xlsx) file."), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it into several files."), code="file_size")
        return upload


class LetterScanForm(SafiranForm):
    """The letter's scan on the "copy last period" page: kept once, attached to every figure
    saved from the letter (checked like the value form's: type by name and first bytes, size)."""

    letter_scan = forms.FileField(label=_("scan of the letter"), required=False,
                                  help_text=_("PDF, JPG or PNG, at most 10 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_scan"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_letter_scan(self):
        scan = self.cleaned_data.get("letter_scan")
        if scan:
            validate_scan(scan)
        return scan


class CopyHeaderForm(SafiranForm):
    """The top of a source's letter: who sent it, its number and date, the period it covers."""

    organization = forms.ModelChoiceField(label=_("source organisation"), queryset=Organization.objects.all())
    letter_number = forms.CharField(label=_("letter number"), max_length=60)
    letter_date = JalaliDateField(label=_("letter date"))
    province = forms.ModelChoiceField(label=_("province"), queryset=Province.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_period_fields(self)
        self.fields["period_part"].help_text = _("The period the letter gives figures for.")
        self.order_fields(["organization", "letter_number", "letter_date", "province", "period_year", "period_part"])


class PeriodVerificationForm(SafiranModelForm):
    """A province and a period (month, season or whole year): every value of that period in the
    province — all indicators of that period type — is marked verified."""

    class Meta:
        model = PeriodVerification
        fields = ["province", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_period_fields(self)
        self.fields["period_part"].help_text = _("A month verifies the monthly indicators' values, a season the "
                                                 "quarterly ones', “whole year” the yearly ones'.")
        self.order_fields(["province", "period_year", "period_part", "note"])
        self.period = None

    def clean(self):
        cleaned = super().clean()
        part = cleaned.get("period_part") or ""
        kind = PeriodType.QUARTER if part.startswith("Q") else PeriodType.MONTH if part else PeriodType.YEAR
        if cleaned.get("period_year"):
            try:
                self.period = period_from(cleaned, kind)
            except periods.PeriodError as error:
                self.add_error("period_part", str(error))
        return cleaned

    def service_arguments(self) -> dict:
        return {"province": self.cleaned_data["province"], "period": self.period, "note": self.cleaned_data.get("note", "")}


class VerifyAgainForm(SafiranForm):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("What was corrected and checked."))


class IndicatorSettingsForm(SafiranModelForm):
    class Meta:
        model = IndicatorSettings
        fields = ["entry_closes_after_days"]
        widgets = {"entry_closes_after_days": forms.NumberInput(attrs={"min": 0, "max": 366, "dir": "ltr"})}


class EntryExtensionForm(SafiranModelForm):
    """A province and a period (month, season or whole year) whose entry closed, until when it is
    reopened and why."""

    open_until = JalaliDateField(label=_("open until"), help_text=_("Entry closes again at the end of this day."))

    class Meta:
        model = EntryExtension
        fields = ["province", "open_until", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_period_fields(self)
        self.fields["period_part"].help_text = _("A month reopens the monthly indicators' values, a season the "
                                                 "quarterly ones', “whole year” the yearly ones'.")
        self.fields["reason"].required = True
        self.order_fields(["province", "period_year", "period_part", "open_until", "reason"])
        self.period = None

    def clean(self):
        cleaned = super().clean()
        part = cleaned.get("period_part") or ""
        kind = PeriodType.QUARTER if part.startswith("Q") else PeriodType.MONTH if part else PeriodType.YEAR
        if cleaned.get("period_year"):
            try:
                self.period = period_from(cleaned, kind)
            except periods.PeriodError as error:
                self.add_error("period_part", str(error))
        if self.period is not None:
            self.instance.period_key, self.instance.period_start = self.period.key, self.period.start
        return cleaned

    def service_arguments(self) -> dict:
        return {"province": self.cleaned_data["province"], "period": self.period,
                "open_until": self.cleaned_data["open_until"], "reason": self.cleaned_data["reason"]}


class ExtendEntryForm(SafiranForm):
    open_until = JalaliDateField(label=_("open until"), help_text=_("Entry closes again at the end of this day."))
    reason = forms.CharField(label=_("why"), widget=forms.Textarea(attrs={"rows": 2}))
