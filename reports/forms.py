from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.forms import SafiranForm, SafiranModelForm, WholeNumberField

from .choices import EDITABLE, SuggestionStatus
from .models import MonthlyReport, Suggestion

MONTH_CHOICES = [(number, name) for number, name in enumerate(jalali.MONTHS_FA, start=1)]


class MonthlyReportForm(SafiranModelForm):
    """Opening a month's report (province, year, month) and, while it is a draft or returned,
    writing its text. The province and month cannot change once it exists."""

    jalali_month = forms.TypedChoiceField(label=_("month"), choices=MONTH_CHOICES, coerce=int)

    class Meta:
        model = MonthlyReport
        fields = ["province", "jalali_year", "jalali_month", "narrative", "no_activity_statement"]
        field_classes = {"jalali_year": WholeNumberField}
        widgets = {
            "jalali_year": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "no_activity_statement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("province", "jalali_year", "jalali_month"):
                self.fields[name].disabled = True
        elif not self.is_bound:
            # The month just ended is the one usually reported.
            year, month = jalali.previous_month(*jalali.month_of(timezone.localdate()))
            self.initial.setdefault("jalali_year", year)
            self.initial.setdefault("jalali_month", month)
        self.fields["jalali_year"].help_text = _("Jalali, e.g. 1405.")

    def clean(self):
        cleaned = super().clean()
        province, year, month = (cleaned.get(name) for name in ("province", "jalali_year", "jalali_month"))
        if self.instance.pk or not (province and year and month):
            return cleaned
        try:
            first, _last = jalali.month_bounds(year, month)
        except ValueError:
            self.add_error("jalali_year", _("Give the Jalali year, e.g. 1405."))
            return cleaned
        if first > timezone.localdate():
            self.add_error("jalali_month", _("This month has not started yet: choose the month just ended."))
        elif MonthlyReport.objects.filter(province=province, jalali_year=year, jalali_month=month).exists():
            self.add_error("jalali_month", _("This province already has a report for that month: open it from the list."))
        return cleaned

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("province", "jalali_year", "jalali_month", "narrative", "no_activity_statement")}


class SuggestionForm(SafiranModelForm):

    class Meta:
        model = Suggestion
        fields = ["report", "what", "to_whom", "due_date"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.fields["report"]
        report.queryset = report.queryset.filter(status__in=EDITABLE).select_related("province")
        report.help_text = _("A report still being written (draft or returned).")
        if self.instance.pk:
            report.disabled = True

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value and value < timezone.localdate() and (not self.instance.pk or value != self.instance.due_date):
            raise forms.ValidationError(_("Choose today or a later date: by when should it be done?"))
        return value


class SuggestionProgressForm(SafiranForm):
    status = forms.ChoiceField(label=_("status"), choices=SuggestionStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("What has been done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
