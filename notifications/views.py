from django.utils.translation import gettext_lazy as _

from core.views import ObjectDetailView, ObjectListView

from .filters import NotificationFilterSet
from .models import Notification
from .tables import NotificationTable


class NotificationListView(ObjectListView):
    model = Notification
    table_class = NotificationTable
    filterset_class = NotificationFilterSet
    search_placeholder = _("Subject or text…")


class NotificationDetailView(ObjectDetailView):
    model = Notification
    fields = ("subject", "body", "created_at", "status", "sent_at")
