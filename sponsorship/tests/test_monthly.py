import datetime

from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from sponsorship.models import Pledge, Receipt
from sponsorship.testing import make_pledge, make_receipt

YEAR, MONTH = 1405, 7
FIRST, LAST = jalali.month_bounds(YEAR, MONTH)


class SponsorshipMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        cls.pledge = make_pledge(cls.home, pledged_on=FIRST, value_rials=120_000_000)
        cls.receipt = make_receipt(cls.home, received_on=LAST, value_rials=30_000_000,
                                   )
        Pledge.objects.filter(pk=cls.receipt.pledge_id).update(pledged_on=FIRST - datetime.timedelta(days=10))
        make_pledge(cls.away, pledged_on=FIRST, value_rials=999_000_000)

    def test_pledges_and_receipts_in_rials(self):
        figures = monthly_figures("sponsorship", self.home, YEAR, MONTH)
        self.assertEqual(figures["pledges"].value, 1)
        self.assertEqual(figures["pledged_rials"].value, 120_000_000)
        self.assertEqual(figures["pledged_rials"].unit, "rial")
        self.assertEqual((figures["receipts"].value, figures["received_rials"].value), (1, 30_000_000))
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertEqual(linked_pks(self.client, figures["pledges"].url, Pledge), {self.pledge.pk})
        self.assertEqual(linked_pks(self.client, figures["receipts"].url, Receipt), {self.receipt.pk})
