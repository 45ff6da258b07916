import datetime

from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from media.models import MediaCoverage
from media.testing import make_coverage

YEAR, MONTH = 1405, 7
FIRST, LAST = jalali.month_bounds(YEAR, MONTH)


class MediaMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        cls.items = [make_coverage(cls.home, published_on=FIRST, estimated_reach=1200),
                     make_coverage(cls.home, published_on=LAST, estimated_reach=300)]
        make_coverage(cls.home, published_on=FIRST - datetime.timedelta(days=1), estimated_reach=5000)
        make_coverage(cls.away, published_on=FIRST, estimated_reach=7000)

    def test_coverage_and_reach(self):
        figures = monthly_figures("media", self.home, YEAR, MONTH)
        self.assertEqual((figures["coverage"].value, figures["reach"].value), (2, 1500))
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertEqual(linked_pks(self.client, figures["coverage"].url, MediaCoverage), {i.pk for i in self.items})

    def test_an_empty_month_counts_zero(self):
        figures = monthly_figures("media", self.home, 1405, 1)
        self.assertEqual((figures["coverage"].value, figures["reach"].value), (0, 0))
