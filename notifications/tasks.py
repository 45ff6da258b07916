"""Delivering the outbox. At least once, never twice:

1. the row is *claimed* (queued or failed → sending, with this worker's lease) in one short
   transaction — another worker's claim of the same row changes nothing and it skips;
2. the backend sends it *outside* any transaction (a gateway's slowness holds no lock), giving
   the row's `idempotency_key`;
3. the row is marked sent (or failed) — only if this worker still holds it.

A worker killed between 2 and 3 leaves the row "sending" with a lease whose owner is gone;
`recover_notifications` (core.leases) puts it back in the queue and it is sent again with the
same key, which the gateway uses to deliver it once (backends.py says what a backend must do).
"""
import datetime
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from core import leases

from .backends import get_backend
from .choices import NotificationStatus
from .models import Notification

log = logging.getLogger("safiran.notifications")


@task()
def deliver_notification(notification_id: int) -> str:
    """Hand one outbox row to the backend; a row already sent, or being sent by a live worker,
    is left alone."""
    owner = leases.this_worker()
    claimable = Q(status__in=[NotificationStatus.QUEUED, NotificationStatus.FAILED]) | Q(
        status=NotificationStatus.SENDING, lease_until__lt=timezone.now())
    with transaction.atomic():
        claimed = Notification.objects.filter(claimable, pk=notification_id).update(
            status=NotificationStatus.SENDING, lease_owner=owner, lease_until=leases.lease_until(),
            attempts=F("attempts") + 1,
        )
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    backend = get_backend()
    done = {"backend": f"{type(backend).__module__}.{type(backend).__qualname__}", "lease_owner": "",
            "lease_until": None, "updated_at": timezone.now()}
    try:
        backend.send(notification)
    except Exception as error:  # a gateway's failure is recorded on the row, not lost
        done.update(status=NotificationStatus.FAILED, error=str(error)[:2000])
    else:
        done.update(status=NotificationStatus.SENT, sent_at=timezone.now(), error="")
    mine = Notification.objects.filter(pk=notification_id, status=NotificationStatus.SENDING, lease_owner=owner)
    if not mine.update(**done):
        log.warning("notification %s was taken over while being sent; the new sender records it", notification_id)
        return "taken over"
    return done["status"]


def recover_notifications() -> int:
    """Rows left "sending" by a dead worker go back to the queue and are sent again (same key);
    rows queued for longer than a lease whose task went missing are queued again (a task for a
    row already claimed or sent skips it)."""
    handed_back = 0
    stuck = leases.stale(Notification.objects.filter(status=NotificationStatus.SENDING))
    for notification in stuck:
        with transaction.atomic():
            leases.fail_task_results(deliver_notification.module_path, notification.pk)
            changed = Notification.objects.filter(
                pk=notification.pk, status=NotificationStatus.SENDING, lease_owner=notification.lease_owner,
            ).update(status=NotificationStatus.QUEUED, lease_owner="", lease_until=None)
            if changed:
                transaction.on_commit(lambda pk=notification.pk: deliver_notification.enqueue(pk))
                handed_back += 1
    now = timezone.now()
    waiting = Notification.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now), status=NotificationStatus.QUEUED,
        created_at__lt=now - datetime.timedelta(seconds=leases.lease_seconds()),
    ).values_list("pk", flat=True)
    for pk in list(waiting[:1000]):
        # Marked so the next sweep does not queue it again while this task waits its turn.
        if Notification.objects.filter(pk=pk, status=NotificationStatus.QUEUED).update(lease_until=leases.lease_until()):
            deliver_notification.enqueue(pk)
            handed_back += 1
    if handed_back:
        log.warning("%s notifications handed back after a worker stopped", handed_back)
    return handed_back
