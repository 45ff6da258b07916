"""Totals of sessions held by area, county and Jalali month: participants, hours, sessions —
scoped, over the list's filters, the same on the page and in the API."""
import datetime

from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from areas.testing import make_area
from core import jalali
from core.roles import Role
from events.choices import EventStatus
from events.models import Attendance
from events.testing import make_event, make_facility, make_registration, make_session
from geo.testing import make_province


class SessionTotalsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.health, cls.education = make_area(), make_area("education", "آموزش")
        cls.hall = make_facility(cls.province, name="سالن هلال احمر")
        held = make_event(cls.province, status=EventStatus.PUBLISHED, area=cls.health, sessions=0)
        start = jalali.jalali_to_date(1405, 7, 10)
        start = datetime.datetime.combine(start, datetime.time(10), tzinfo=datetime.timezone(datetime.timedelta(hours=3, minutes=30)))
        cls.sessions = [make_session(held, facility=cls.hall, starts_at=start + datetime.timedelta(days=days), hours=hours)
                        for days, hours in ((0, 2), (1, 1.5), (30, 2))]
        people = [make_registration(event=held) for _ in range(3)]
        for session, present in zip(cls.sessions, (3, 2, 1), strict=True):
            for person in people[:present]:
                Attendance.objects.create(session=session, registration=person, status="present")
            Attendance.objects.create(session=session, registration=people[2], status="absent") if present < 3 else None
        held.status = EventStatus.HELD
        held.save()
        online = make_event(cls.province, status=EventStatus.CLOSED, area=cls.education, sessions=0)
        make_session(online, starts_at=start, hours=1, online_link="https://meet.example/x")
        make_event(cls.province, status=EventStatus.PUBLISHED, area=cls.health)  # not held: not counted
        make_event(make_province("10"), status=EventStatus.HELD, area=cls.health)  # another province

    def groups(self, **filters):
        sign_in(self.client, self.coordinator)
        response = self.client.get("/events/sessions/totals/", filters)
        self.assertEqual(response.status_code, 200)
        return {group.title: {row.label: row.values for row in group.rows} for group in response.context["groups"]}

    def test_by_area_county_and_jalali_month(self):
        groups = self.groups()
        by_area, by_county, by_month = groups.values()
        self.assertEqual(by_area, {"آموزش": [0, 1.0, 1], "سلامت": [6, 5.5, 3]})
        self.assertEqual(by_county, {self.hall.county.name: [6, 5.5, 3], "برخط": [0, 1.0, 1]})
        self.assertEqual(by_month, {jalali.format_month(1405, 8): [1, 2.0, 1], jalali.format_month(1405, 7): [5, 4.5, 3]})

    def test_the_lists_filters_apply_and_the_api_agrees(self):
        by_area = next(iter(self.groups(facility=self.hall.pk).values()))
        self.assertEqual(by_area, {"سلامت": [6, 5.5, 3]})
        api = self.client.get("/api/sessions/totals", headers=bearer(self.coordinator)).json()
        self.assertEqual([group["title"] for group in api], list(self.groups()))
        self.assertEqual(api[0]["rows"][1]["cells"], ["۶", "۵٫۵", "۳"])

    def test_the_session_list_links_its_totals(self):
        sign_in(self.client, self.coordinator)
        self.assertContains(self.client.get("/events/sessions/"), "/events/sessions/totals/")
