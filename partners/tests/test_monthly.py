import datetime

from django.test import TestCase

from accounts.testing import make_user, sign_in
from core import jalali
from core.roles import Role
from core.testing import linked_pks, monthly_figures
from geo.testing import make_province
from partners.models import Contact, Interaction, Organization
from partners.testing import make_contact, make_interaction, make_organization

YEAR, MONTH = 1405, 7
FIRST, LAST = jalali.month_bounds(YEAR, MONTH)
INSIDE = datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
# 23:30 Tehran on the month's last day is still that day in Tehran (20:00 UTC).
LAST_EVENING = datetime.datetime(2026, 10, 22, 20, 0, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2026, 10, 22, 21, 0, tzinfo=datetime.UTC)  # 00:30 of Aban 1st in Tehran


class PartnersMonthlySectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.away = make_province("23"), make_province("10")
        cls.new = make_organization(cls.home, name="سازمان تازه")
        cls.evening = make_organization(cls.home, name="سازمان شبانه")
        cls.old = make_organization(cls.home, name="سازمان بعدی")
        Organization.objects.filter(pk=cls.new.pk).update(created_at=INSIDE)
        Organization.objects.filter(pk=cls.evening.pk).update(created_at=LAST_EVENING)
        Organization.objects.filter(pk=cls.old.pk).update(created_at=AFTER)
        Organization.objects.filter(pk=make_organization(cls.away).pk).update(created_at=INSIDE)
        cls.contact = make_contact(cls.old)
        Contact.objects.filter(pk=cls.contact.pk).update(created_at=INSIDE)
        cls.call = make_interaction(cls.new, occurred_on=FIRST)
        cls.letter = make_interaction(cls.new, kind="letter", occurred_on=LAST)
        make_interaction(cls.new, occurred_on=LAST + datetime.timedelta(days=1))

    def test_figures_count_the_month_in_tehran_time(self):
        figures = monthly_figures("partners", self.home, YEAR, MONTH)
        self.assertEqual(figures["organizations_added"].value, 2)
        self.assertEqual(figures["contacts_added"].value, 1)
        self.assertEqual(figures["interactions"].value, 2)
        self.assertEqual(figures["interactions.letter"].value, 1)
        self.assertNotIn("interactions.visit", figures)

    def test_links_list_the_records_behind_the_figures(self):
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        figures = monthly_figures("partners", self.home, YEAR, MONTH)
        self.assertEqual(linked_pks(self.client, figures["organizations_added"].url, Organization),
                         {self.new.pk, self.evening.pk})
        self.assertEqual(linked_pks(self.client, figures["contacts_added"].url, Contact), {self.contact.pk})
        self.assertEqual(linked_pks(self.client, figures["interactions"].url, Interaction), {self.call.pk, self.letter.pk})
        self.assertEqual(linked_pks(self.client, figures["interactions.letter"].url, Interaction), {self.letter.pk})
