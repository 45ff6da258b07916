"""Briefings and training (D12): a briefing requires the attendance of an area's ambassadors
(or its coordinators); each ambassador's training record shows what is due, the briefings
attended, courses completed and qualifications with their expiry; a reminder goes out once
before a qualification expires, and the coordinator hears once of a missed required briefing."""
import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from ambassadors.testing import make_ambassador
from areas.testing import make_area
from core.roles import Role
from events import services
from events.choices import EventKind, EventStatus
from events.models import Event, QualificationHeld, Session
from events.testing import make_event, make_qualification, make_qualification_held, make_registration
from events.training import flag_missed_briefings, remind_expiring, training_record
from geo.testing import make_province
from notifications.models import Notification


def briefing(province, area, status=EventStatus.PUBLISHED, required_of="ambassadors", **fields):
    return make_event(province, status=status, kind=EventKind.BRIEFING, area=area, required_of=required_of,
                      title=fields.pop("title", "توجیه سفیران تازه"), **fields)


class TrainingRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.area, cls.other_area = make_area(), make_area("education", "آموزش")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province, areas=[cls.area])
        cls.elsewhere = make_user(Role.COORDINATOR, cls.province, areas=[cls.other_area])
        cls.user = make_user(Role.AMBASSADOR, cls.province)
        cls.ambassador = make_ambassador(cls.province, status="active", user=cls.user, first_name="پروین",
                                         last_name="صالحی")
        cls.ambassador.areas.set([cls.area])
        cls.absent = make_ambassador(cls.province, status="active", first_name="حسن", last_name="کریمی")
        cls.absent.areas.set([cls.area])

    def due_labels(self, ambassador=None):
        return [(item.kind, item.label) for item in training_record(ambassador or self.ambassador).due]

    def test_a_required_briefing_is_due_until_attended(self):
        event = briefing(self.province, self.area)
        briefing(self.province, self.other_area, title="توجیه حوزهٔ دیگر")
        briefing(self.province, self.area, required_of="coordinators", title="توجیه هماهنگ‌کنندگان")
        self.assertEqual(self.due_labels(), [("briefing", "جلسهٔ توجیهی الزامی، هنوز ثبت‌نام نکرده: توجیه سفیران تازه")])
        registration = make_registration(event=event, ambassador=self.ambassador, full_name="پروین صالحی")
        self.assertEqual(self.due_labels(), [("briefing", "جلسهٔ توجیهی الزامی (ثبت‌نام کرده): توجیه سفیران تازه")])
        session = event.sessions.get()
        Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3),
                                                     ends_at=timezone.now() - datetime.timedelta(hours=1))
        services.event_hold(event, self.coordinator)
        services.session_record_attendance(session, self.coordinator, marks={registration.pk: "present"})
        record = training_record(self.ambassador)
        self.assertEqual(record.due, [])
        self.assertEqual([item.title for item, _when in record.briefings], ["توجیه سفیران تازه"])

    def test_a_missed_required_briefing_is_flagged_to_the_area_coordinator_once(self):
        event = briefing(self.province, self.area)
        registration = make_registration(event=event, ambassador=self.ambassador, full_name="پروین صالحی")
        session = event.sessions.get()
        Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(days=2),
                                                     ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2))
        services.event_hold(event, self.coordinator)
        services.session_record_attendance(session, self.coordinator, marks={registration.pk: "present"})
        services.event_close(event, self.coordinator)
        [flag] = Notification.objects.filter(recipient=self.coordinator)
        self.assertIn("توجیه سفیران تازه", flag.subject)
        self.assertIn("حسن کریمی", flag.body)
        self.assertNotIn("پروین", flag.body)
        self.assertFalse(Notification.objects.filter(recipient=self.elsewhere).exists())
        self.assertEqual(flag_missed_briefings(), 0)  # never twice
        self.assertEqual(self.due_labels(self.absent), [("missed", "غیبت در جلسهٔ توجیهی الزامی: توجیه سفیران تازه")])
        self.assertEqual(self.due_labels(), [])

    def test_a_held_briefing_is_flagged_by_the_daily_job_a_day_after(self):
        event = briefing(self.province, self.area, status=EventStatus.HELD)  # ten days ago
        self.assertEqual(flag_missed_briefings(), 1)
        self.assertEqual(flag_missed_briefings(), 0)
        self.assertIn("حسن کریمی", Notification.objects.get(recipient=self.coordinator).body)
        self.assertIn("پروین صالحی", Notification.objects.get(recipient=self.coordinator).body)
        self.assertEqual(event.status, "held")

    def test_qualifications_expiring_are_due_and_reminded_once(self):
        first_aid = make_qualification(name="کمک‌های اولیه", validity_months=12, renewal_days=30)
        today = timezone.localdate()
        held = make_qualification_held(self.province, ambassador=self.ambassador, qualification=first_aid,
                                       obtained_on=today - datetime.timedelta(days=350))
        expired = make_qualification_held(self.province, ambassador=self.ambassador,
                                          qualification=make_qualification(name="کار با سالمندان", validity_months=6),
                                          obtained_on=today - datetime.timedelta(days=200))
        states = {line.held.pk: line.state for line in training_record(self.ambassador).qualifications}
        self.assertEqual(states, {held.pk: "expiring", expired.pk: "expired"})
        kinds = sorted(item.kind for item in training_record(self.ambassador).due)
        self.assertEqual(kinds, ["expired", "expiring"])
        self.assertEqual(remind_expiring(), 2)  # the holder and the area's coordinator
        self.assertEqual(remind_expiring(), 0)
        self.assertIn("کمک‌های اولیه", Notification.objects.get(recipient=self.user).subject)
        self.assertTrue(Notification.objects.filter(recipient=self.coordinator).exists())
        # Renewed: nothing due for it any more, and no reminder for the old row.
        make_qualification_held(self.province, ambassador=self.ambassador, qualification=first_aid, obtained_on=today)
        self.assertEqual([item.kind for item in training_record(self.ambassador).due], ["expired"])

    def test_expiry_follows_the_validity_in_months(self):
        held = make_qualification_held(self.province, ambassador=self.ambassador,
                                       qualification=make_qualification(validity_months=18),
                                       obtained_on=datetime.date(2025, 8, 31))
        self.assertEqual(held.expires_on, datetime.date(2027, 2, 28))
        forever = make_qualification_held(self.province, ambassador=self.ambassador,
                                          qualification=make_qualification(validity_months=None))
        self.assertIsNone(forever.expires_on)

    def test_a_course_giving_a_qualification(self):
        first_aid = make_qualification(name="کمک‌های اولیه")
        event = make_event(self.province, status=EventStatus.PUBLISHED, kind=EventKind.COURSE, grants=first_aid,
                           area=self.area, title="دورهٔ کمک‌های اولیه")
        registration = make_registration(event=event, ambassador=self.ambassador, full_name="پروین صالحی")
        session = event.sessions.get()
        Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3),
                                                     ends_at=timezone.now() - datetime.timedelta(hours=1))
        services.event_hold(event, self.coordinator)
        services.session_record_attendance(session, self.coordinator, marks={registration.pk: "present"})
        services.event_issue_certificates(event, self.coordinator)
        held = QualificationHeld.objects.get(ambassador=self.ambassador)
        self.assertEqual((held.qualification, held.event, held.obtained_on), (first_aid, event, timezone.localdate()))
        record = training_record(self.ambassador)
        self.assertEqual([item.registration.event for item in record.courses], [event])

    def test_only_a_briefing_requires_attendance(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/new/", {
            "title": "کارگاه", "kind": "workshop", "province": self.province.pk, "area": self.area.pk,
            "audience": "همه", "capacity": "10", "offer_hours": "48", "certificate_sessions": "1",
            "required_of": "ambassadors"})
        self.assertContains(response, "فقط جلسهٔ توجیهی")
        self.assertFalse(Event.objects.exists())

    def test_the_record_on_the_page_the_api_and_the_ambassadors_page(self):
        briefing(self.province, self.area)
        sign_in(self.client, self.coordinator)
        page = self.client.get(f"/events/training/{self.ambassador.pk}/")
        self.assertContains(page, "توجیه سفیران تازه")
        self.assertContains(page, "ثبت‌نام نکرده")
        ambassador_page = self.client.get(self.ambassador.get_absolute_url())
        self.assertContains(ambassador_page, f"/events/training/{self.ambassador.pk}/")
        record = self.client.get(f"/api/training-records/{self.ambassador.pk}", headers=bearer(self.coordinator)).json()
        self.assertEqual([item["kind"] for item in record["due"]], ["briefing"])
