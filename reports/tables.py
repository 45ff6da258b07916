import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.tables import WIDE_ONLY, JalaliDateColumn, JalaliDateTimeColumn, SafiranTable

from .models import MonthlyReport, Suggestion


class MonthlyReportTable(SafiranTable):
    report = tables.Column(verbose_name=_("monthly report"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                           order_by=("jalali_year", "jalali_month", "province__name"))
    due_on = JalaliDateColumn(attrs=WIDE_ONLY)
    first_submitted_at = JalaliDateTimeColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = MonthlyReport
        fields = ["report", "status", "due_on", "first_submitted_at"]
        sequence = fields

    def render_report(self, record):
        return str(record)

    def value_report(self, record):
        return str(record)


class SuggestionTable(SafiranTable):
    what = tables.Column(linkify=True)
    report = tables.Column(linkify=True, attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Suggestion
        fields = ["what", "to_whom", "due_date", "status", "report"]
        sequence = fields

    def render_what(self, record):
        return str(record)

    def value_what(self, record):
        return record.what

    def render_due_date(self, value):
        return jalali.format_date(value)

    def value_due_date(self, value):
        return jalali.format_date(value)
