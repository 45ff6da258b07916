"""The SMS backend against a fake Kavenegar on loopback: the request's shape, the delivery
status recorded on the outbox row, and every kind of refusal kept as the row's error."""
import socket

from django.test import TestCase, override_settings

from accounts.testing import make_user
from core.roles import Role
from notifications.choices import NotificationStatus
from notifications.models import Notification
from notifications.sms import SmsError, send_sms
from notifications.tasks import deliver_notification
from notifications.testing import API_KEY, fake_sms_gateway

SMS = "notifications.sms.KavenegarBackend"


@override_settings(SAFIRAN_NOTIFICATION_BACKEND=SMS)
class KavenegarBackendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user(Role.AMBASSADOR, mobile="09121234567")

    def deliver(self, user=None):
        notification = Notification.objects.create(recipient=user or self.user, subject="یادآوری جلسه",
                                                   body="فردا ساعت ۱۰ در سالن فرهنگسرا")
        deliver_notification.call(notification.pk)
        notification.refresh_from_db()
        return notification

    def test_sent_to_the_recipients_mobile_and_recorded(self):
        with fake_sms_gateway() as gateway:
            notification = self.deliver()
        self.assertEqual(notification.status, NotificationStatus.SENT)
        self.assertIsNotNone(notification.sent_at)
        self.assertEqual(notification.backend, SMS)
        [request] = gateway.requests
        self.assertEqual(request["path"], f"/v1/{API_KEY}/sms/send.json")
        self.assertEqual(request["receptor"], "09121234567")
        self.assertEqual(request["sender"], "10004346")
        self.assertEqual(request["message"], "یادآوری جلسه\nفردا ساعت ۱۰ در سالن فرهنگسرا")
        # The row's number is the gateway's idempotency key (a re-send after a killed worker is not delivered twice).
        self.assertEqual(request["localid"], str(notification.pk))

    def test_a_sent_row_is_not_sent_again(self):
        with fake_sms_gateway() as gateway:
            notification = self.deliver()
            deliver_notification.call(notification.pk)
        self.assertEqual(len(gateway.requests), 1)

    def test_a_refusal_is_kept_on_the_row_without_the_key(self):
        with fake_sms_gateway() as gateway:
            gateway.answer = (418, {"return": {"status": 418, "message": "اعتبار حساب شما کافی نیست"}, "entries": None})
            notification = self.deliver()
        self.assertEqual(notification.status, NotificationStatus.FAILED)
        self.assertIn("418", notification.error)
        self.assertIn("اعتبار حساب شما کافی نیست", notification.error)
        self.assertNotIn(API_KEY, notification.error)

    def test_an_undeliverable_status_is_a_failure(self):
        with fake_sms_gateway() as gateway:
            gateway.entry_status = 14
            notification = self.deliver()
        self.assertEqual(notification.status, NotificationStatus.FAILED)
        self.assertIn("blocked", notification.error)

    def test_no_mobile_on_the_account(self):
        with fake_sms_gateway() as gateway:
            notification = self.deliver(make_user(Role.AMBASSADOR))
        self.assertEqual((notification.status, gateway.requests), (NotificationStatus.FAILED, []))
        self.assertIn("no mobile", notification.error)

    def test_an_unreachable_gateway(self):
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = {"API_KEY": API_KEY, "SENDER": "", "URL": f"http://127.0.0.1:{port}", "TIMEOUT": 2}
        with override_settings(SAFIRAN_SMS=config):
            notification = self.deliver()
        self.assertEqual(notification.status, NotificationStatus.FAILED)
        self.assertIn("unreachable", notification.error)
        self.assertNotIn(API_KEY, notification.error)

    def test_without_a_key_nothing_is_sent(self):
        with override_settings(SAFIRAN_SMS={"API_KEY": "", "SENDER": "", "URL": "http://127.0.0.1:9", "TIMEOUT": 1}):
            with self.assertRaisesMessage(SmsError, "KAVENEGAR_API_KEY"):
                send_sms("09121234567", "سلام")

    def test_the_result_names_the_gateways_message(self):
        with fake_sms_gateway():
            result = send_sms("09121234567", "سلام")
        self.assertEqual((result.status, result.status_text), (1, "در صف ارسال"))
        self.assertTrue(result.message_id)
