import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import WIDE_ONLY, JalaliDateTimeColumn, SafiranTable

from .models import Candidate, TalentKeyword


class CandidateTable(SafiranTable):
    person = tables.Column(verbose_name=_("name"), linkify=lambda record: record.get_absolute_url(), accessor="pk",
                           order_by=("retiree__last_name", "child__last_name"))
    assigned_to = tables.Column(attrs=WIDE_ONLY)
    updated_at = JalaliDateTimeColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Candidate
        fields = ["person", "kind", "area", "status", "assigned_to", "updated_at"]
        sequence = fields

    def render_person(self, record):
        return str(record)

    def value_person(self, record):
        return str(record)


class TalentKeywordTable(SafiranTable):
    keyword = tables.Column(linkify=True)

    class Meta(SafiranTable.Meta):
        model = TalentKeyword
        fields = ["keyword", "area", "target", "weight"]
        sequence = fields
