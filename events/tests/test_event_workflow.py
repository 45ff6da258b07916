"""The event workflow (D6): draft → submitted → approved or returned with a reason → published →
held → closed; cancelled with a reason. Pages and API alike; refusals change nothing."""
from auditlog.models import LogEntry
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from events import services
from events.choices import EventStatus
from events.models import Booking
from events.testing import make_event
from geo.testing import make_province
from notifications.models import Notification


def events_of(obj) -> list[str]:
    return list(LogEntry.objects.get_for_object(obj).filter(additional_data__has_key="event")
                .order_by("timestamp").values_list("additional_data__event", flat=True))


class EventWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)

    def post_api(self, url, user, payload=None):
        return self.client.post(url, payload or {}, content_type="application/json", headers=bearer(user))

    def test_the_whole_way_through_pages(self):
        event = make_event(self.province, created_by=self.coordinator)
        sign_in(self.client, self.coordinator)
        self.client.post(f"/events/{event.pk}/submit/")
        event.refresh_from_db()
        self.assertEqual(event.status, EventStatus.SUBMITTED)
        self.assertTrue(Notification.objects.filter(recipient=self.manager, link=event.get_absolute_url()).exists())
        self.assertEqual(self.client.get(f"/events/{event.pk}/approve/").status_code, 403)
        sign_in(self.client, self.manager)
        self.client.post(f"/events/{event.pk}/return/", {"reason": "ساعت را به عصر ببرید"})
        event.refresh_from_db()
        self.assertEqual((event.status, event.decision_comment), (EventStatus.RETURNED, "ساعت را به عصر ببرید"))
        sign_in(self.client, self.coordinator)
        self.client.post(f"/events/{event.pk}/submit/")
        sign_in(self.client, self.manager)
        self.client.post(f"/events/{event.pk}/approve/", {"comment": ""})
        self.client.post(f"/events/{event.pk}/publish/")
        event.refresh_from_db()
        self.assertEqual(event.status, EventStatus.PUBLISHED)
        page = self.client.get(f"/events/{event.pk}/hold/")
        self.assertContains(page, "نخستین نشست هنوز آغاز نشده است")
        self.assertEqual(events_of(event), ["event_submit", "event_return", "event_submit", "event_approve", "event_publish"])

    def test_submitting_without_a_session_is_refused_with_the_reason(self):
        event = make_event(self.province, sessions=0)
        response = self.post_api(f"/api/events/{event.pk}/submit", self.coordinator)
        self.assertEqual(response.status_code, 409)
        self.assertIn("دست‌کم یک نشست", response.json()["detail"])
        event.refresh_from_db()
        self.assertEqual(event.status, EventStatus.DRAFT)

    def test_returning_needs_a_reason_and_ambassadors_cannot_approve(self):
        event = make_event(self.province, status=EventStatus.SUBMITTED)
        self.assertEqual(self.post_api(f"/api/events/{event.pk}/return", self.manager, {"reason": " "}).status_code, 422)
        self.assertEqual(self.post_api(f"/api/events/{event.pk}/approve", self.ambassador).status_code, 403)
        event.refresh_from_db()
        self.assertEqual(event.status, EventStatus.SUBMITTED)

    def test_a_submitted_event_cannot_be_edited(self):
        event = make_event(self.province, status=EventStatus.SUBMITTED)
        response = self.client.patch(f"/api/events/{event.pk}", {"capacity": 5}, content_type="application/json",
                                     headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)

    def test_cancelling_frees_bookings_and_tells_the_instructors(self):
        teacher_account = make_user(Role.AMBASSADOR, self.province)
        teacher = make_ambassador(self.province, status="active", user=teacher_account)
        event = make_event(self.province, status=EventStatus.PUBLISHED, instructors=[teacher])
        services.event_cancel(event, self.coordinator, reason="سالن در تعمیر است")
        event.refresh_from_db()
        self.assertEqual((event.status, event.sequence), (EventStatus.CANCELLED, 1))
        self.assertFalse(Booking.objects.filter(session__event=event, active=True).exists())
        self.assertTrue(Notification.objects.filter(recipient=teacher_account, body="سالن در تعمیر است").exists())
        self.assertEqual(self.post_api(f"/api/events/{event.pk}/cancel", self.coordinator, {"reason": "x"}).status_code, 409)
