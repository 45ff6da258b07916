"""Reminders the day before a session: in Safiran for people with an account (through the
notification outbox), by SMS for the others who agreed to be contacted (a fake Kavenegar on
loopback), never twice, and the gateway's answer kept."""
import datetime

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from accounts.testing import make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from events import services
from events.choices import EventStatus
from events.models import SessionReminder
from events.reminders import remind_sessions
from events.testing import make_event, make_registration
from geo.testing import make_province
from notifications.models import Notification
from notifications.testing import fake_sms_gateway


class SessionReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, title="کارگاه خواب آرام")  # tomorrow 10:00
        cls.session = cls.event.sessions.get()
        cls.member = make_user(Role.AMBASSADOR, cls.province, mobile="09120000001")
        ambassador = make_ambassador(cls.province, user=cls.member)
        cls.with_account = make_registration(event=cls.event, ambassador=ambassador, full_name="مریم احمدی")
        cls.public = make_registration(event=cls.event, full_name="زهرا موسوی", mobile="09351234567", consent=True)
        cls.no_consent = make_registration(event=cls.event, full_name="علی رضایی", consent=False)
        full = make_event(cls.province, status=EventStatus.PUBLISHED, capacity=1)
        cls.confirmed = make_registration(event=full, mobile="09350000002")
        cls.waiting = make_registration(event=full, mobile="09350000003")

    def test_each_person_once_by_the_right_channel(self):
        with fake_sms_gateway() as gateway, self.captureOnCommitCallbacks(execute=True):
            counts = remind_sessions()
        self.assertEqual(counts, {"inbox": 1, "sms": 2, "skipped": 1, "already": 0})
        notification = Notification.objects.get(recipient=self.member)
        self.assertIn("کارگاه خواب آرام", notification.subject)
        self.assertIn(self.with_account.code, notification.body)
        # Confirmed places only: nobody on a waiting list.
        self.assertEqual(sorted(request["receptor"] for request in gateway.requests), ["09350000002", "09351234567"])
        request = next(request for request in gateway.requests if request["receptor"] == "09351234567")
        self.assertIn("کارگاه خواب آرام", request["message"])
        self.assertIn(self.public.code, request["message"])
        texted = SessionReminder.objects.get(registration=self.public)
        self.assertEqual(texted.status, "sent")
        self.assertIn("در صف ارسال", texted.gateway_reference)
        self.assertEqual(SessionReminder.objects.get(registration=self.no_consent).status, "skipped")
        # Never twice: a second run (or the command) reminds nobody.
        with fake_sms_gateway() as again, self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(remind_sessions(), {"inbox": 0, "sms": 0, "skipped": 0, "already": 0})
            call_command("send_session_reminders", stdout=open("/dev/null", "w"))
        self.assertEqual(again.requests, [])
        self.assertEqual(Notification.objects.filter(recipient=self.member).count(), 1)
        self.assertEqual(SessionReminder.objects.count(), 4)

    def test_a_refused_sms_is_recorded_and_not_retried_by_the_next_run(self):
        with fake_sms_gateway() as gateway, self.captureOnCommitCallbacks(execute=True):
            gateway.answer = (418, {"return": {"status": 418, "message": "اعتبار حساب شما کافی نیست"}, "entries": None})
            remind_sessions()
        failed = SessionReminder.objects.get(registration=self.public)
        self.assertEqual(failed.status, "failed")
        self.assertIn("اعتبار", failed.error)

    def test_without_a_gateway_nobody_is_texted_and_the_reason_is_kept(self):
        with self.captureOnCommitCallbacks(execute=True):
            remind_sessions()
        self.assertEqual(SessionReminder.objects.get(registration=self.public).status, "skipped")

    def test_only_tomorrows_sessions(self):
        today = timezone.localdate()
        with fake_sms_gateway() as gateway, self.captureOnCommitCallbacks(execute=True):
            remind_sessions(today + datetime.timedelta(days=5))
        self.assertEqual((gateway.requests, SessionReminder.objects.count()), ([], 0))

    def test_the_sessions_page_lists_its_reminders(self):
        with fake_sms_gateway(), self.captureOnCommitCallbacks(execute=True):
            remind_sessions()
        sign_in(self.client, self.coordinator)
        page = self.client.get(f"/events/sessions/{self.session.pk}/")
        self.assertContains(page, "زهرا موسوی")
        self.assertContains(page, "پیامک")


class CancellationNoticeTests(TestCase):
    """A cancelled event tells everyone registered (issue 9): those with an account in the inbox,
    public registrants who agreed to be contacted by SMS — once per registration, however often
    it runs."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, title="کارگاه نقاشی", capacity=2)
        cls.member = make_user(Role.AMBASSADOR, cls.province, mobile="09120000001")
        ambassador = make_ambassador(cls.province, user=cls.member)
        cls.with_account = make_registration(event=cls.event, ambassador=ambassador, full_name="مریم احمدی")
        cls.public = make_registration(event=cls.event, full_name="زهرا موسوی", mobile="09351234567", consent=True)
        cls.waiting = make_registration(event=cls.event, full_name="رضا کاظمی", mobile="09351234568", consent=True)
        cls.no_consent = make_registration(event=cls.event, full_name="علی رضایی", mobile="09351234569", consent=False)
        cls.gone = make_registration(event=cls.event, full_name="نادر پاکزاد", mobile="09351234570", consent=True)
        cls.gone.status = "cancelled"
        cls.gone.save()

    def test_public_registrants_who_consented_get_an_sms_once(self):
        from events import reminders

        with fake_sms_gateway() as gateway, self.captureOnCommitCallbacks(execute=True):
            services.event_cancel(self.event, self.coordinator, reason="سالن در تعمیر است")
        # The waiting list is told too; the one who did not consent and the one who left are not.
        self.assertEqual(sorted(request["receptor"] for request in gateway.requests), ["09351234567", "09351234568"])
        message = gateway.requests[0]["message"]
        self.assertIn("لغو شد: کارگاه نقاشی", message)
        self.assertIn("سالن در تعمیر است", message)
        notices = SessionReminder.objects.filter(kind="cancelled")
        self.assertEqual(sorted(notices.values_list("registration__full_name", "status")),
                         [("رضا کاظمی", "sent"), ("زهرا موسوی", "sent"), ("علی رضایی", "skipped")])
        self.assertTrue(all(notice.session_id is None for notice in notices))
        self.assertEqual(Notification.objects.filter(recipient=self.member, body="سالن در تعمیر است").count(), 1)
        # Run again (a retried job, a second click): nobody is texted twice.
        self.event.refresh_from_db()
        with fake_sms_gateway() as again, self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reminders.tell_cancelled(self.event), {"sms": 0, "skipped": 0, "already": 0})
            services.tell_cancelled(self.event, "سالن در تعمیر است")
        self.assertEqual(again.requests, [])
        self.assertEqual(SessionReminder.objects.filter(kind="cancelled").count(), 3)
        self.assertEqual(Notification.objects.filter(recipient=self.member, body="سالن در تعمیر است").count(), 1)

    def test_the_messages_page_shows_the_notices(self):
        with fake_sms_gateway(), self.captureOnCommitCallbacks(execute=True):
            services.event_cancel(self.event, self.coordinator, reason="سالن در تعمیر است")
        sign_in(self.client, self.coordinator)
        page = self.client.get("/events/reminders/?kind=cancelled")
        self.assertContains(page, "زهرا موسوی")
        self.assertContains(page, "لغو رویداد")
        notice = SessionReminder.objects.get(registration=self.public)
        self.assertContains(self.client.get(f"/events/reminders/{notice.pk}/"), "کارگاه نقاشی")
