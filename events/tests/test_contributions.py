"""What events contribute elsewhere: the monthly report's section, the home page, sections on
spaces' and ambassadors' pages."""
import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.testing import make_user, sign_in
from ambassadors.testing import make_ambassador
from core import jalali
from core.registry import registry
from core.roles import Role
from events import services
from events.choices import EventStatus
from events.testing import make_event, make_facility, make_registration, make_session
from geo.testing import make_province


class MonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        hall = make_facility(cls.province)
        # 1405/08/10 10:00–12:00 and 1405/08/17 10:00–13:00, a held event; one person present twice, one absent.
        start = datetime.datetime.combine(jalali.jalali_to_date(1405, 8, 10), datetime.time(10),
                                          tzinfo=timezone.get_current_timezone())
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED, sessions=0)
        first = make_session(cls.event, facility=hall, starts_at=start)
        second = make_session(cls.event, facility=hall, starts_at=start + datetime.timedelta(days=7), hours=3)
        present, absent = make_registration(event=cls.event), make_registration(event=cls.event)
        services.event_hold(cls.event, cls.coordinator)
        for session in (first, second):
            services.session_record_attendance(session, cls.coordinator, marks={present.pk: "present", absent.pk: "absent"})
        # Planned but not held events in the month do not count.
        make_event(cls.province, status=EventStatus.PUBLISHED, sessions=0)

    def test_the_months_figures(self):
        sections = registry.monthly_sections(self.province, 1405, 8)
        section = next(section for section in sections if section.title == "دوره‌ها، کارگاه‌ها و کلاس‌ها")
        self.assertEqual([figure.value for figure in section.figures], [1, 2, 1, 5])

    def test_another_month_or_province_is_empty(self):
        sections = registry.monthly_sections(self.province, 1405, 9)
        section = next(section for section in sections if section.title == "دوره‌ها، کارگاه‌ها و کلاس‌ها")
        self.assertEqual([figure.value for figure in section.figures], [0, 0, 0, 0])
        other = registry.monthly_sections(make_province("10"), 1405, 8)
        self.assertEqual([f.value for s in other if s.title.startswith("دوره") for f in s.figures], [0, 0, 0, 0])


class PagesElsewhereTests(TestCase):
    def test_home_cards_and_the_instructors_page(self):
        province = make_province("23")
        manager = make_user(Role.PROVINCIAL_MANAGER, province)
        teacher = make_ambassador(province, status="active")
        make_event(province, status=EventStatus.SUBMITTED, instructors=[teacher], title="کارگاه خواب آرام")
        sign_in(self.client, manager)
        home = self.client.get("/")
        self.assertContains(home, "رویدادهای در انتظار تأیید")
        page = self.client.get(teacher.get_absolute_url())
        self.assertContains(page, "کارگاه خواب آرام")
