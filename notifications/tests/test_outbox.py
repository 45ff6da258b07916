from django.test import TestCase, override_settings

from accounts.testing import make_user, sign_in
from core.roles import Role
from geo.testing import make_province
from notifications.backends import BaseBackend
from notifications.choices import NotificationStatus
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import deliver_notification


class FailingBackend(BaseBackend):
    def send(self, notification):
        raise ConnectionError("SMS gateway unreachable")


class OutboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(Role.AMBASSADOR)

    def test_written_first_then_sent_after_commit_through_the_log_backend(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            notification = notify(self.user, "یادآوری", "متن", link="/meetings/", key="k-1")
            self.assertEqual(notification.status, NotificationStatus.QUEUED)
        with self.assertLogs("safiran.notifications", "INFO") as logs:
            for callback in callbacks:
                callback()
        notification.refresh_from_db()
        self.assertEqual(notification.status, NotificationStatus.SENT)
        self.assertIsNotNone(notification.sent_at)
        self.assertEqual(notification.backend, "notifications.backends.LogBackend")
        self.assertIn("یادآوری", logs.output[0])

    def test_the_same_key_is_written_once(self):
        self.assertIsNotNone(notify(self.user, "a", key="followup-overdue:1:2026-11-26"))
        self.assertIsNone(notify(self.user, "a", key="followup-overdue:1:2026-11-26"))
        self.assertEqual(Notification.objects.count(), 1)

    def test_inactive_people_are_not_notified(self):
        self.user.is_active = False
        self.user.save()
        self.assertIsNone(notify(self.user, "a"))

    @override_settings(SAFIRAN_NOTIFICATION_BACKEND="notifications.tests.test_outbox.FailingBackend")
    def test_a_gateway_failure_is_kept_on_the_row_and_a_sent_row_is_not_sent_again(self):
        notification = Notification.objects.create(recipient=self.user, subject="x")
        deliver_notification.call(notification.pk)
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.error), (NotificationStatus.FAILED, "SMS gateway unreachable"))
        with override_settings(SAFIRAN_NOTIFICATION_BACKEND="notifications.backends.LogBackend"):
            self.assertEqual(deliver_notification.call(notification.pk), NotificationStatus.SENT)
        self.assertEqual(deliver_notification.call(notification.pk), "skipped")


class InboxTests(TestCase):
    """Read and unread: a count in the menu, new messages marked, an empty inbox that says so."""

    def test_unread_count_in_the_menu_and_opening_marks_read(self):
        from notifications.models import Notification
        from notifications.services import notify

        user = make_user(Role.AMBASSADOR, make_province())
        sign_in(self.client, user)
        empty = self.client.get("/notifications/")
        self.assertContains(empty, "هنوز اعلانی ندارید")
        self.assertNotContains(empty, "فیلترها را تغییر دهید")
        self.assertNotContains(empty, "nav-count")
        first = notify(user, "یادآوری جلسه", "فردا ساعت ۱۰")
        notify(user, "پاسخ درخواست", "تأیید شد")
        page = self.client.get("/")
        self.assertContains(page, 'nav-count">۲')
        inbox = self.client.get("/notifications/")
        self.assertContains(inbox, "تازه")
        self.client.get(f"/notifications/{first.pk}/")
        self.assertContains(self.client.get("/"), 'nav-count">۱')
        self.assertEqual(self.client.get("/notifications/", {"unread": "true"}).context["paginator"].count, 1)
        self.client.post("/notifications/read-all/")
        self.assertFalse(Notification.objects.filter(recipient=user, read_at__isnull=True).exists())
        self.assertNotContains(self.client.get("/"), "nav-count")


class DeliveryLeaseTests(TestCase):
    """Claimed with a lease, sent once per claim; what a dead worker left is sent again (core.leases)."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(Role.AMBASSADOR)

    def sending(self, owner, minutes=10, **fields):
        import datetime

        from django.utils import timezone

        return Notification.objects.create(
            recipient=self.user, subject="x", status=NotificationStatus.SENDING, lease_owner=owner,
            lease_until=timezone.now() + datetime.timedelta(minutes=minutes), attempts=1, **fields)

    def test_a_row_being_sent_by_a_live_worker_is_not_sent_again(self):
        notification = self.sending("elsewhere:1:1")
        self.assertEqual(deliver_notification.call(notification.pk), "skipped")

    def test_a_dead_senders_row_is_sent_again_under_the_same_key(self):
        import socket

        from notifications.tasks import recover_notifications

        notification = self.sending(f"{socket.gethostname()}:999999999:1")
        key = notification.idempotency_key
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_notifications(), 1)
        notification.refresh_from_db()
        self.assertEqual((notification.status, notification.attempts, notification.idempotency_key),
                         (NotificationStatus.SENT, 2, key))

    def test_a_queued_row_whose_task_went_missing_is_queued_again_once(self):
        import datetime

        from django.utils import timezone

        from notifications.tasks import recover_notifications

        notification = Notification.objects.create(recipient=self.user, subject="x")
        Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            self.assertEqual(recover_notifications(), 1)
            self.assertEqual(recover_notifications(), 0)  # its task is waiting: not queued twice
