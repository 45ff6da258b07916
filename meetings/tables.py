import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.tables import WIDE_ONLY, ManyColumn, SafiranTable, YesNoColumn

from .models import FollowUp, Meeting


class MeetingTable(SafiranTable):
    # "Meeting with <organisation>, <date>": one cell a person recognises, linking to the meeting.
    meeting = tables.Column(verbose_name=_("meeting"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                            order_by=("proposed_date", "pk"))
    purpose = tables.Column(attrs=WIDE_ONLY)
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)
    manager_accompanies = YesNoColumn(verbose_name=_("manager accompanies"), attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Meeting
        fields = ["meeting", "status", "purpose", "areas", "manager_accompanies"]
        sequence = fields

    def render_meeting(self, record):
        return str(record)

    def value_meeting(self, record):
        return str(record)

    def render_purpose(self, value):
        return value if len(value) <= 80 else value[:79] + "…"


class FollowUpTable(SafiranTable):
    description = tables.Column(linkify=True)
    organization = tables.Column(verbose_name=_("organisation"), accessor="meeting__organization", linkify=True)
    owner = tables.Column()
    due_date = tables.Column()

    class Meta(SafiranTable.Meta):
        model = FollowUp
        fields = ["description", "organization", "owner", "due_date", "status"]
        sequence = fields

    def render_due_date(self, value, record):
        if record.is_overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', jalali.format_date(value), _("overdue"))
        return jalali.format_date(value)

    def value_due_date(self, value):
        return jalali.format_date(value)
