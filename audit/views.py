from django.utils.translation import gettext_lazy as _

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
