import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import SafiranTable

from .models import AuditEntry


class AuditEntryTable(SafiranTable):
    timestamp = tables.Column(linkify=True)
    content_type = tables.Column(verbose_name=_("record type"))
    event = tables.Column(verbose_name=_("event"), accessor="event", orderable=False)
    changes = tables.Column(verbose_name=_("changes"), accessor="changes_str", orderable=False)

    class Meta(SafiranTable.Meta):
        model = AuditEntry
        fields = ["timestamp", "actor", "action", "content_type", "object_repr", "event", "changes"]
        sequence = fields

    def render_timestamp(self, value):
        from core import jalali

        return jalali.format_datetime(value)

    def render_content_type(self, value):
        return value.model_class()._meta.verbose_name if value and value.model_class() else value

    def render_changes(self, value):
        return value if len(value) < 160 else value[:157] + "…"
