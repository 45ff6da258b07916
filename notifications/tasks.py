from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .backends import get_backend
from .choices import NotificationStatus
from .models import Notification


@task()
def deliver_notification(notification_id: int) -> str:
    """Hand one outbox row to the backend; a row already sent is left alone."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status == NotificationStatus.SENT:
            return "skipped"
        backend = get_backend()
        try:
            backend.send(notification)
        except Exception as error:  # a gateway's failure is recorded on the row, not lost
            notification.status, notification.error = NotificationStatus.FAILED, str(error)[:2000]
        else:
            notification.status, notification.sent_at, notification.error = NotificationStatus.SENT, timezone.now(), ""
        notification.backend = f"{type(backend).__module__}.{type(backend).__qualname__}"
        notification.save(update_fields=["status", "sent_at", "error", "backend", "updated_at"])
        return notification.status
