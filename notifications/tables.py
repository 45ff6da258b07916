import django_tables2 as tables

from core.tables import WIDE_ONLY, SafiranTable

from .models import Notification


class NotificationTable(SafiranTable):
    subject = tables.Column(linkify=True)
    status = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Notification
        fields = ["created_at", "subject", "status"]
        sequence = fields
