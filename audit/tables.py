import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import display
from core.tables import SafiranTable

from .models import AuditEntry


class AuditEntryTable(SafiranTable):
    # auditlog's field names are English only.
    timestamp = tables.Column(linkify=True, verbose_name=_("time"))
    actor = tables.Column(verbose_name=_("who"))
    action = tables.Column(verbose_name=_("action"))
    content_type = tables.Column(verbose_name=_("record type"))
    object_repr = tables.Column(verbose_name=_("record"))
    event = tables.Column(verbose_name=_("event"), accessor="event", orderable=False)
    changes = tables.Column(verbose_name=_("changes"), empty_values=(), orderable=False)

    class Meta(SafiranTable.Meta):
        model = AuditEntry
        fields = ["timestamp", "actor", "action", "content_type", "object_repr", "event", "changes"]
        sequence = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.related_names = {}  # names of related records, looked up once per page or export

    def before_render(self, request):
        # The page's related records are named in one query per model, not one per row.
        from .models import preload_related_names

        if hasattr(self, "page"):
            preload_related_names([row.record for row in self.page.object_list], self.related_names)

    def render_timestamp(self, value):
        from core import jalali

        return jalali.format_datetime(value)

    def render_content_type(self, value):
        return value.model_class()._meta.verbose_name if value and value.model_class() else value

    # The page is for people: values in the page's digits (Persian in Persian). The export keeps
    # them as recorded (value_changes; the other columns export their plain value).
    def render_object_repr(self, value):
        return display.digits(value)

    def render_changes(self, record):
        value = record.changes_summary(self.related_names)
        return display.digits((value or "—") if len(value) < 160 else value[:157] + "…")

    def value_changes(self, record):
        return record.changes_summary(self.related_names)
