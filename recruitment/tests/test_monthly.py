from django.test import TestCase

from accounts.testing import make_user, sign_in
from areas.testing import make_area
from core import jalali
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from recruitment import services
from recruitment.models import Candidate
from retirees.testing import make_retiree

YEAR, MONTH = 1405, 7
FIRST, LAST = jalali.month_bounds(YEAR, MONTH)


class RecruitmentMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        health = make_area()
        cls.coordinator = make_user(Role.COORDINATOR, cls.home)
        people = [make_retiree(cls.home, consent_contact=True) for _ in range(3)]
        # Identified before the month; one contacted in it, one contacted after it.
        cls.candidates = [services.candidate_identify(p, health, cls.coordinator, on=FIRST.replace(day=1))
                          for p in people]
        services.candidate_contact(cls.candidates[0], cls.coordinator, on=LAST)
        cls.identified_inside = services.candidate_identify(make_retiree(cls.home, consent_contact=True), health,
                                                            cls.coordinator, on=FIRST)
        away = services.candidate_identify(make_retiree(cls.away, consent_contact=True), health, None, on=FIRST)
        services.candidate_contact(away, None, on=FIRST)

    def test_moves_per_step(self):
        figures = monthly_figures("recruitment", self.home, YEAR, MONTH)
        self.assertEqual(figures["moves.contacted"].value, 1)
        self.assertEqual(figures["moves.identified"].value, 1)
        self.assertEqual(figures["moves.onboarded"].value, 0)
        sign_in(self.client, self.coordinator)
        self.assertEqual(linked_pks(self.client, figures["moves.contacted"].url, Candidate), {self.candidates[0].pk})
        self.assertEqual(linked_pks(self.client, figures["moves.identified"].url, Candidate), {self.identified_inside.pk})
