"""Guest instructors are told when their event is cancelled (issue 9): retirees of the roster
have no account, so an SMS through the same outbox rows and task as registrants — once per
event and guest, however often the telling runs; a row saying why (in Persian) when they did
not consent, the roster has no mobile for them or no gateway is configured. The mobile is read
from the encrypted roster only when the SMS is sent and never kept in clear."""
import re

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.template.loader import get_template
from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from core.tables import rows_html
from events import reminders, services
from events.choices import EventStatus
from events.models import SessionReminder, format_time
from events.testing import make_event, make_registration
from geo.testing import make_county, make_province
from notifications.models import Notification
from notifications.testing import fake_sms_gateway
from retirees import crypto
from retirees.testing import make_retiree

MOBILE = "09121112233"
REASON = "سالن در تعمیر است"


def cancelled(event):
    return SessionReminder.objects.filter(event=event, kind="cancelled", guest__isnull=False)


class GuestCancellationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.county = make_county(cls.province)
        cls.guest = make_retiree(cls.province, mobile=MOBILE, first_name="منیژه", last_name="کریمی",
                                 county=cls.county, consent_contact=True)
        # Consent withdrawn after being chosen (the form only takes consenting retirees).
        cls.withdrawn = make_retiree(cls.province, mobile="09121112244", first_name="بهرام", last_name="نادری",
                                     consent_contact=False)
        # The importer saves a mobile that is not valid as none (an empty encrypted column).
        cls.no_mobile = make_retiree(cls.province, mobile="", first_name="ژاله", last_name="امینی",
                                     consent_contact=True)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, title="کارگاه خیاطی", sessions=2,
                               guest_instructors=[cls.guest, cls.withdrawn, cls.no_mobile])
        cls.first = cls.event.sessions.order_by("starts_at").first()

    def cancel(self):
        services.event_cancel(self.event, self.coordinator, reason=REASON)
        self.event.refresh_from_db()

    def test_each_guest_is_told_once_by_sms(self):
        with fake_sms_gateway() as gateway, self.captureOnCommitCallbacks(execute=True):
            self.cancel()
        self.assertEqual([request["receptor"] for request in gateway.requests], [MOBILE])
        message = gateway.requests[0]["message"]
        self.assertIn("لغو شد: کارگاه خیاطی", message)
        self.assertIn(REASON, message)
        # When it was to begin: the first session's Jalali date and time.
        self.assertIn(jalali.format_date_long(self.first.local_date), message)
        self.assertIn(format_time(self.first.starts_at), message)
        rows = {row.guest_id: row for row in cancelled(self.event)}
        self.assertEqual(len(rows), 3)
        sent = rows[self.guest.pk]
        self.assertEqual((sent.status, sent.channel, sent.registration_id, sent.session_id), ("sent", "sms", None, None))
        self.assertIn("در صف ارسال", sent.gateway_reference)
        self.assertEqual((rows[self.withdrawn.pk].status, rows[self.withdrawn.pk].error),
                         ("skipped", "این فرد با تماس موافقت نکرده است."))
        self.assertEqual(rows[self.no_mobile.pk].status, "skipped")
        self.assertIn("شماره همراه معتبری", rows[self.no_mobile.pk].error)
        # The cancellation's audit row counts them.
        told = LogEntry.objects.get(additional_data__event="event_cancel").additional_data["told"]
        self.assertEqual((told["guests"], told["guests_not_sent"]), (1, 2))

        # Told again (a retried job, a second click): nobody is texted twice, no new row.
        with fake_sms_gateway() as again, self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reminders.tell_guests(self.event), {"sms": 0, "skipped": 0, "already": 0})
            counts = services.tell_cancelled(self.event, REASON)
        self.assertEqual((counts["guests"], counts["guests_not_sent"]), (0, 0))
        self.assertEqual(again.requests, [])
        self.assertEqual(cancelled(self.event).count(), 3)

    def test_the_database_allows_one_notice_per_event_and_guest(self):
        with fake_sms_gateway(), self.captureOnCommitCallbacks(execute=True):
            self.cancel()
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionReminder.objects.create(kind="cancelled", event=self.event, guest=self.guest, channel="sms")
        # A message has exactly one recipient, and a guest is only told of a cancellation.
        registration = make_registration(event=make_event(self.province, status=EventStatus.PUBLISHED))
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionReminder.objects.create(kind="cancelled", event=registration.event, registration=registration,
                                           guest=self.guest, channel="sms")
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionReminder.objects.create(kind="cancelled", event=registration.event, channel="sms")
        with self.assertRaises(IntegrityError), transaction.atomic():
            SessionReminder.objects.create(kind="reminder", event=registration.event, session=registration.event.sessions.get(),
                                           guest=self.guest, channel="sms")

    def test_without_a_gateway_every_guest_gets_a_row_saying_why(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.cancel()
        rows = {row.guest_id: row for row in cancelled(self.event)}
        self.assertEqual({row.status for row in rows.values()}, {"skipped"})
        self.assertEqual(rows[self.guest.pk].error, "هیچ سامانهٔ پیامکی تنظیم نشده است.")
        told = LogEntry.objects.get(additional_data__event="event_cancel").additional_data["told"]
        self.assertEqual((told["guests"], told["guests_not_sent"]), (0, 3))

    def test_the_mobile_is_read_from_the_roster_when_sent_and_never_kept(self):
        with fake_sms_gateway() as gateway:
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                self.cancel()
            queued = cancelled(self.event).get(guest=self.guest)
            self.assertEqual(queued.status, "queued")
            # The roster changes before the task runs: the SMS goes to the number it holds then.
            self.guest.mobile_encrypted = crypto.encrypt("09127778899")
            self.guest.save(update_fields=["mobile_encrypted"])
            for callback in callbacks:
                callback()
        self.assertEqual([request["receptor"] for request in gateway.requests], ["09127778899"])
        # No column of any message row, and no audit entry about them, holds a mobile in clear.
        for row in SessionReminder.objects.all():
            for field in SessionReminder._meta.concrete_fields:
                value = str(getattr(row, field.attname))
                for number in (MOBILE, "09127778899", "09121112244"):
                    self.assertNotIn(number, value)
                    self.assertNotIn(number[1:], value)
        for entry in LogEntry.objects.all():
            text = f"{entry.changes} {entry.additional_data}"
            self.assertNotIn("09127778899", text)
            self.assertNotIn(MOBILE, text)
        self.assertFalse(Notification.objects.filter(body__contains=MOBILE).exists())

    def test_a_mobile_that_is_not_valid_when_sent_is_skipped_with_the_reason(self):
        with fake_sms_gateway() as gateway:
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                self.cancel()
            self.guest.mobile_encrypted = crypto.encrypt("0212345678")  # a landline
            self.guest.save(update_fields=["mobile_encrypted"])
            for callback in callbacks:
                callback()
        self.assertEqual(gateway.requests, [])
        row = cancelled(self.event).get(guest=self.guest)
        self.assertEqual(row.status, "skipped")
        self.assertIn("شماره همراه معتبری", row.error)

    def test_the_pages_name_guests_by_name_and_county_only(self):
        make_registration(event=self.event, full_name="زهرا موسوی", mobile="09351234567", consent=True)
        with fake_sms_gateway(), self.captureOnCommitCallbacks(execute=True):
            self.cancel()
        sign_in(self.client, self.coordinator)
        label = f"منیژه کریمی ({self.county.name})"
        listing = self.client.get("/events/reminders/?kind=cancelled")
        self.assertContains(listing, label)
        self.assertContains(listing, "زهرا موسوی")
        # The rows written by core.tables.rows_html are those django_tables2's template writes.
        table = listing.context["table"]
        stock = get_template("django_tables2/bootstrap5.html").render({"table": table, "request": listing.wsgi_request})
        body = re.search(r"<tbody[^>]*>(.*?)</tbody>", stock, re.S).group(1)
        self.assertEqual(re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).strip(), rows_html(table))
        # The event's page lists the messages sent about it, guests among them.
        page = self.client.get(self.event.get_absolute_url())
        self.assertContains(page, "پیام‌های فرستاده")
        self.assertContains(page, "زهرا موسوی")
        self.assertContains(page, "بهرام نادری")
        self.assertContains(self.client.get(f"/events/reminders/?event={self.event.pk}&q=کریمی"), label)
        notice = cancelled(self.event).get(guest=self.guest)
        detail = self.client.get(f"/events/reminders/{notice.pk}/")
        self.assertContains(detail, label)
        self.assertContains(detail, "کارگاه خیاطی")
        for page in (listing, detail, self.client.get(self.event.get_absolute_url())):
            self.assertNotContains(page, MOBILE)
            self.assertNotContains(page, self.guest.national_code)
        # The API gives the guest's id, never the mobile.
        from accounts.testing import bearer

        answer = self.client.get(f"/api/session-reminders/{notice.pk}", **bearer(self.coordinator))
        self.assertEqual((answer.status_code, answer.json()["guest"], answer.json()["registration"]),
                         (200, self.guest.pk, None))
        self.assertNotIn(MOBILE, answer.content.decode())
