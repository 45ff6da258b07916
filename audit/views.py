from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core import display
from core.views import ObjectDetailView, ObjectListView

from .filters import AuditEntryFilterSet
from .models import AuditEntry
from .tables import AuditEntryTable


class AuditEntryListView(ObjectListView):
    model = AuditEntry
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilterSet
    export_filename = "audit-log"

    def get_queryset(self):
        return super().get_queryset().select_related("actor", "content_type")


class AuditEntryDetailView(ObjectDetailView):
    model = AuditEntry
    fields = ("timestamp", "actor", "action", "content_type", "object_pk", "object_repr", "remote_addr")
    # auditlog's field names are English only.
    field_labels = {
        "timestamp": _("time"), "actor": _("who"), "action": _("action"), "content_type": _("record type"),
        "object_pk": _("record number"), "object_repr": _("record"), "remote_addr": _("IP address"),
    }

    def get_context_data(self, **kwargs):
        # Values in the page's digits (Persian in Persian), the address read left to right; the
        # export and the API keep what was recorded.
        context = super().get_context_data(**kwargs)
        address_label = self.field_labels["remote_addr"]
        context["field_rows"] = [
            (label, text if isinstance(text, SafeString) else
             format_html('<span dir="ltr">{}</span>', display.digits(text)) if label == address_label and text else
             display.digits(text))
            for label, text in context["field_rows"]
        ]
        return context
