import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import display, jalali
from core.tables import WIDE_ONLY, JalaliDateTimeColumn, NumberColumn, SafiranTable

from .models import Action, Challenge, PriorityRound


class ChallengeTable(SafiranTable):
    title = tables.Column(linkify=True)
    area = tables.Column(attrs=WIDE_ONLY)
    people_affected = NumberColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Challenge
        fields = ["title", "status", "area", "severity", "people_affected"]
        sequence = fields


class PriorityRoundTable(SafiranTable):
    round = tables.Column(verbose_name=_("priority round"), accessor="pk", linkify=lambda record: record.get_absolute_url())
    closes_at = JalaliDateTimeColumn()

    class Meta(SafiranTable.Meta):
        model = PriorityRound
        fields = ["round", "supports_per_person", "closes_at", "closed_at"]
        sequence = fields

    def render_round(self, record):
        return str(record)

    def value_round(self, record):
        return str(record)


class ActionTable(SafiranTable):
    title = tables.Column(linkify=True)
    progress = tables.Column()
    owner = tables.Column(attrs=WIDE_ONLY)
    parent = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Action
        fields = ["title", "status", "progress", "due_date", "owner", "parent"]
        sequence = fields

    def render_progress(self, value):
        return f"{display.number(value)}٪"

    def value_progress(self, value):
        return value

    def render_due_date(self, value):
        return jalali.format_date(value)

    def value_due_date(self, value):
        return jalali.format_date(value)
