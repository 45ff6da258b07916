import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet, visible
from geo.models import Province

from .choices import EDITABLE, IN_REVIEW, ReportStatus, SuggestionStatus
from .forms import MONTH_CHOICES
from .models import MonthlyReport, Suggestion

STAGES = [("writing", _("Being written or returned")), ("review", _("Waiting for the provincial manager"))]


class MonthlyReportFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))
    jalali_year = django_filters.NumberFilter(label=_("year"))
    jalali_month = django_filters.ChoiceFilter(choices=MONTH_CHOICES, label=_("month"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    stage = django_filters.ChoiceFilter(choices=STAGES, method="filter_stage", label=_("stage"))

    search_fields = MonthlyReport.search_fields

    class Meta:
        model = MonthlyReport
        fields = ["q", "status", "stage", "jalali_year", "jalali_month", "province"]

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=EDITABLE if value == "writing" else IN_REVIEW)


class SuggestionFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label=_("status"))
    report = django_filters.ModelChoiceFilter(queryset=visible(MonthlyReport, "province"), label=_("monthly report"))
    province = django_filters.ModelChoiceFilter(field_name="report__province", queryset=visible(Province),
                                                label=_("province"))

    search_fields = Suggestion.search_fields

    class Meta:
        model = Suggestion
        fields = ["q", "status", "report", "province"]
