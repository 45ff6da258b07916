import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import WIDE_ONLY, SafiranTable

from .models import Notification


class NotificationTable(SafiranTable):
    subject = tables.Column(linkify=True)
    read_at = tables.Column(verbose_name=_("read"), empty_values=())
    status = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Notification
        fields = ["created_at", "subject", "read_at", "status"]
        sequence = fields
        # Unread messages stand out, in words as well as weight.
        row_attrs = {"class": lambda record: "fw-bold" if record.read_at is None else ""}

    def render_read_at(self, record):
        if record.read_at is None:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("New"))
        return _("Read")
