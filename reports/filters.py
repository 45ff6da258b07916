import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet, visible
from geo.models import Province

from .choices import ReportStatus, SuggestionStatus
from .forms import MONTH_CHOICES
from .models import MonthlyReport, Suggestion


class MonthlyReportFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))
    jalali_year = django_filters.NumberFilter(label=_("year"))
    jalali_month = django_filters.ChoiceFilter(choices=MONTH_CHOICES, label=_("month"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = MonthlyReport.search_fields

    class Meta:
        model = MonthlyReport
        fields = ["q", "status", "jalali_year", "jalali_month", "province"]


class SuggestionFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label=_("status"))
    report = django_filters.ModelChoiceFilter(queryset=visible(MonthlyReport), label=_("monthly report"))
    province = django_filters.ModelChoiceFilter(field_name="report__province", queryset=visible(Province),
                                                label=_("province"))

    search_fields = Suggestion.search_fields

    class Meta:
        model = Suggestion
        fields = ["q", "status", "report", "province"]
