import datetime

from django.test import TestCase

from accounts.testing import make_user, sign_in
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from retirees.choices import ImportStatus
from retirees.models import RosterImport

YEAR, MONTH = 1405, 7
INSIDE = datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)


def finished(province, when, status=ImportStatus.DONE, **rows):
    return RosterImport.objects.create(original_name="roster.xlsx", province=province, status=status,
                                       finished_at=when, headers=["a"], processed_rows=5000, **rows)


class RosterMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        cls.done = finished(cls.home, INSIDE, saved_rows=900, changed_rows=850, rejected_rows=4)
        finished(cls.home, INSIDE, status=ImportStatus.FAILED, rejected_rows=70)
        finished(cls.home, INSIDE + datetime.timedelta(days=40), changed_rows=5)
        finished(cls.away, INSIDE, changed_rows=3000)

    def test_imports_and_rows(self):
        figures = monthly_figures("retirees", self.home, YEAR, MONTH)
        self.assertEqual([figures[k].value for k in ("imports", "changed_rows", "rejected_rows")], [1, 850, 4])
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertEqual(linked_pks(self.client, figures["imports"].url, RosterImport), {self.done.pk})
