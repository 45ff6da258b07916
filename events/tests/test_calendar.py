"""The calendar: a Jalali month of sessions and meetings in scope, and a personal iCalendar feed
parsed back by the icalendar library (stable UIDs, Tehran times, cancelled events marked)."""
import zoneinfo

import icalendar
from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from events import services
from events.calendar import new_token
from events.choices import EventStatus
from events.models import CalendarFeed
from events.testing import make_event
from geo.testing import make_province
from meetings.testing import make_meeting


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, title="کارگاه خواب آرام", sessions=2)
        cls.cancelled = make_event(cls.province, status=EventStatus.PUBLISHED, title="کلاس پیاده‌روی")
        services.event_cancel(cls.cancelled, cls.coordinator, reason="باران")
        cls.meeting = make_meeting(cls.province)
        cls.away = make_event(make_province("10"), status=EventStatus.PUBLISHED, title="کارگاه اصفهان")

    def test_the_month_shows_sessions_and_meetings_in_scope(self):
        sign_in(self.client, self.coordinator)
        first = self.event.sessions.order_by("starts_at").first()
        year, month = jalali.month_of(first.local_date)
        page = self.client.get("/events/calendar/", {"month": f"{year}-{month:02d}"})
        self.assertContains(page, jalali.format_month(year, month))
        self.assertContains(page, "کارگاه خواب آرام")
        self.assertContains(page, "<s>کلاس پیاده‌روی</s>", html=False)
        self.assertNotContains(page, "کارگاه اصفهان")
        self.assertContains(page, "شنبه")

    def test_the_feed_parsed_back(self):
        token = new_token(self.coordinator).token
        response = self.client.get(f"/events/calendar/feed/{token}.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = icalendar.Calendar.from_ical(response.content)
        self.assertIn("Asia/Tehran", [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")])
        items = {str(item["UID"]): item for item in calendar.walk("VEVENT")}
        sessions = list(self.event.sessions.order_by("starts_at"))
        first = items[f"session-{sessions[0].pk}@testserver"]
        self.assertEqual(first.decoded("DTSTART"), sessions[0].starts_at)
        self.assertEqual(first.decoded("DTSTART").tzinfo, zoneinfo.ZoneInfo("Asia/Tehran"))
        self.assertEqual(first.decoded("DTSTART").hour, 10)
        self.assertEqual(str(first["STATUS"]), "CONFIRMED")
        cancelled = items[f"session-{self.cancelled.sessions.get().pk}@testserver"]
        self.assertEqual((str(cancelled["STATUS"]), int(cancelled["SEQUENCE"])), ("CANCELLED", 1))
        self.assertIn(f"meeting-{self.meeting.pk}@testserver", items)
        self.assertNotIn(f"session-{self.away.sessions.get().pk}@testserver", items)
        # Stable: the same UIDs the next time.
        again = icalendar.Calendar.from_ical(self.client.get(f"/events/calendar/feed/{token}.ics").content)
        self.assertEqual({str(item["UID"]) for item in again.walk("VEVENT")}, set(items))

    def test_a_revoked_or_replaced_address_stops_working(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/events/calendar/feed/", {"action": "create"})
        self.assertRedirects(response, "/events/calendar/feed/", fetch_redirect_response=False)
        first = CalendarFeed.objects.get(user=self.coordinator).token
        self.client.post("/events/calendar/feed/", {"action": "create"})
        second = CalendarFeed.objects.get(user=self.coordinator).token
        self.assertContains(self.client.get("/events/calendar/feed/"), second)
        self.assertEqual(self.client.get(f"/events/calendar/feed/{first}.ics").status_code, 404)
        self.assertEqual(self.client.get(f"/events/calendar/feed/{second}.ics").status_code, 200)
        self.client.post("/events/calendar/feed/", {"action": "revoke"})
        self.assertEqual(self.client.get(f"/events/calendar/feed/{second}.ics").status_code, 404)

    def test_a_deactivated_persons_feed_stops(self):
        token = new_token(self.coordinator).token
        self.coordinator.is_active = False
        self.coordinator.save()
        self.assertEqual(self.client.get(f"/events/calendar/feed/{token}.ics").status_code, 404)
