from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.views import ObjectDetailView, ObjectListView

from .filters import NotificationFilterSet
from .models import Notification
from .tables import NotificationTable


class NotificationListView(ObjectListView):
    model = Notification
    table_class = NotificationTable
    filterset_class = NotificationFilterSet
    search_placeholder = _("Subject or text…")
    empty_text = _("You have no notifications yet. Reminders and answers to your requests will appear here.")
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = Notification.objects.filter(recipient=self.request.user, read_at__isnull=True).count()
        return context


class NotificationDetailView(ObjectDetailView):
    model = Notification
    fields = ("subject", "body", "created_at", "status", "sent_at", "read_at")

    def get_object(self, queryset=None):
        notification = super().get_object(queryset)
        if notification.read_at is None and notification.recipient_id == self.request.user.pk:
            notification.read_at = timezone.now()
            Notification.objects.filter(pk=notification.pk).update(read_at=notification.read_at)
        return notification


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:notification_list")
