"""The meetings calendar: the events calendar's month (core.calendar) with meetings only, open to
anyone who may see meetings — events permissions or not — and only the meetings in their scope."""
import datetime
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from accounts import backends
from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from events.choices import EventStatus
from events.testing import make_event
from geo.testing import make_province
from meetings.choices import MeetingStatus
from meetings.testing import make_meeting
from partners.testing import make_organization

ROLE_PERMISSIONS = backends.role_permissions


def without_events(role):
    return frozenset(perm for perm in ROLE_PERMISSIONS(role) if not perm.startswith("events."))


class MeetingCalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        day = timezone.localdate() + datetime.timedelta(days=5)
        cls.meeting = make_meeting(cls.province, make_organization(cls.province, name="اداره کل بهزیستی تهران"), proposed_date=day)
        cls.held = make_meeting(cls.province, make_organization(cls.province, name="شهرداری منطقه ۶"), status=MeetingStatus.HELD)
        cls.declined = make_meeting(cls.province, make_organization(cls.province, name="بانک رد شده"),
                                    status=MeetingStatus.DECLINED, proposed_date=day)
        cls.away = make_meeting(make_province("10"), make_organization(make_province("11"), name="اداره اصفهان"), proposed_date=day)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, title="کارگاه خواب آرام")

    def month(self, day):
        year, number = jalali.month_of(day)
        return self.client.get("/meetings/calendar/", {"month": f"{year}-{number:02d}"})

    def test_meetings_in_scope_on_their_day_and_no_events(self):
        sign_in(self.client, self.coordinator)
        page = self.month(self.meeting.proposed_date)
        self.assertContains(page, "اداره کل بهزیستی تهران")
        self.assertContains(page, self.meeting.get_absolute_url())
        self.assertNotContains(page, "بانک رد شده")
        self.assertNotContains(page, "اداره اصفهان")
        self.assertNotContains(page, "کارگاه خواب آرام")
        self.assertContains(page, "شنبه")
        held = self.month(self.held.held_on)
        self.assertContains(held, "شهرداری منطقه ۶")

    def test_open_with_meetings_permission_alone(self):
        with mock.patch.object(backends, "role_permissions", without_events):
            sign_in(self.client, self.coordinator)
            self.assertEqual(self.client.get("/events/calendar/").status_code, 403)
            page = self.month(self.meeting.proposed_date)
            self.assertContains(page, "اداره کل بهزیستی تهران")
            menu = self.client.get("/meetings/")
            self.assertContains(menu, 'href="/meetings/calendar/"')

    def test_the_list_and_the_menu_lead_to_it(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get("/meetings/")
        self.assertContains(page, '<a class="btn btn-outline-primary" href="/meetings/calendar/">تقویم</a>')
        self.assertContains(page, 'href="/meetings/calendar/">تقویم جلسه‌ها</a>')  # in the menu

    def test_anonymous_and_roles_without_meetings_are_refused(self):
        self.assertEqual(self.client.get("/meetings/calendar/").status_code, 302)
        with mock.patch.object(backends, "role_permissions", lambda role: frozenset()):
            sign_in(self.client, self.coordinator)
            self.assertEqual(self.client.get("/meetings/calendar/").status_code, 403)
