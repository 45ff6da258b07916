import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.testing import make_user, sign_in
from ambassadors.choices import AmbassadorStatus
from ambassadors.testing import make_ambassador
from areas.testing import make_area
from core import jalali
from core.roles import Role
from events.choices import EventStatus
from events.testing import make_event
from geo.maps import province_shapes
from geo.models import Province
from geo.testing import make_province
from media.testing import make_coverage
from meetings.choices import MeetingStatus
from meetings.testing import make_meeting
from reports import national


class MapTests(TestCase):
    def test_every_province_has_a_shape_keyed_by_its_official_code(self):
        shapes = province_shapes()["provinces"]
        self.assertEqual(set(shapes), set(Province.objects.values_list("code", flat=True)))
        self.assertEqual(len(shapes), 31)
        self.assertTrue(all(shape["d"].startswith("M") for shape in shapes.values()))


class LevelTests(TestCase):
    def test_levels_cover_every_value_once_and_the_legend_says_which(self):
        for largest in (1, 2, 5, 17, 1000):
            legend = national.legend(largest)
            for value in range(largest + 1):
                matches = [lvl for lvl, low, high in legend if low <= value <= high]
                self.assertEqual(matches, [national.level(value, largest)], (largest, value))


class NationalPictureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.tehran)
        cls.health, cls.water = make_area(), make_area("water-energy", "مصرف آب و انرژی")
        for _n in range(3):
            make_ambassador(cls.tehran, status=AmbassadorStatus.ACTIVE).areas.set([cls.health])
        make_ambassador(cls.tehran, status=AmbassadorStatus.ACTIVE).areas.set([cls.health, cls.water])
        make_ambassador(cls.tehran, status=AmbassadorStatus.INACTIVE).areas.set([cls.health])
        make_ambassador(cls.isfahan, status=AmbassadorStatus.ACTIVE).areas.set([cls.water])
        cls.year = jalali.month_of(timezone.localdate())[0]

    def cell(self, picture, province, area):
        row = picture.row_for(province.pk)
        return row.cells[picture.areas.index(area)][0]

    def test_ambassadors_matrix_counts_each_area_and_the_province_once(self):
        picture = national.national_picture(self.admin, "ambassadors", self.year)
        self.assertEqual(len(picture.rows), 31)
        self.assertEqual(self.cell(picture, self.tehran, self.health), 4)
        self.assertEqual(self.cell(picture, self.tehran, self.water), 1)
        self.assertEqual(picture.row_for(self.tehran.pk).total, 4)
        self.assertEqual(self.cell(picture, self.isfahan, self.water), 1)

    def test_a_manager_sees_only_their_province(self):
        picture = national.national_picture(self.manager, "ambassadors", self.year)
        self.assertEqual([row.province for row in picture.rows], [self.tehran])
        sign_in(self.client, make_user(Role.COORDINATOR, self.tehran))
        self.assertEqual(self.client.get(reverse("reports:national")).status_code, 403)

    def test_meetings_and_reach_in_the_year(self):
        today = timezone.localdate()
        meeting = make_meeting(self.tehran, status=MeetingStatus.HELD)
        meeting.areas.set([self.water])
        coverage = make_coverage(self.tehran, estimated_reach=12000, published_on=today)
        coverage.areas.set([self.health, self.water])
        old = make_coverage(self.tehran, estimated_reach=5000, published_on=today - datetime.timedelta(days=800))
        old.areas.set([self.health])
        meetings = national.national_picture(self.admin, "meetings", jalali.month_of(meeting.held_on)[0])
        self.assertEqual(self.cell(meetings, self.tehran, self.water), 1)
        reach = national.national_picture(self.admin, "reach", self.year)
        self.assertEqual(self.cell(reach, self.tehran, self.health), 12000)
        self.assertEqual(reach.row_for(self.tehran.pk).total, 12000)

    def test_events_held_or_closed_count(self):
        make_event(self.tehran, status=EventStatus.HELD, area=self.health)
        make_event(self.tehran, status=EventStatus.CLOSED, area=self.health, sessions=2)
        make_event(self.tehran, status=EventStatus.PUBLISHED, area=self.health)
        picture = national.national_picture(self.admin, "events", self.year)
        self.assertEqual(self.cell(picture, self.tehran, self.health), 2)
        self.assertEqual(picture.row_for(self.tehran.pk).total, 2)

    def test_the_page_writes_each_number_and_colours_the_map(self):
        sign_in(self.client, self.admin)
        response = self.client.get(reverse("reports:national"), {"measure": "ambassadors"})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertEqual(page.count("<path "), 31)
        self.assertIn(f'data-province="{self.tehran.code}" data-value="4"', page)
        self.assertIn('<td class="level-4 fw-bold" data-value="4">۴</td>', page)
        for key in ("events", "meetings", "reach", "nonsense"):
            self.assertEqual(self.client.get(reverse("reports:national"), {"measure": key, "year": "x"}).status_code, 200)
