"""Dates as people type and read them: hints that fit the field, Persian digits, and
messages that say which day does not exist."""
import datetime

from django.test import TestCase
from django.utils import timezone

from accounts.testing import make_user, sign_in
from core import jalali
from core.forms import JalaliDateField, JalaliDateInput, date_hint
from core.roles import Role
from geo.testing import make_province

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class DateFieldTests(TestCase):
    def message(self, value):
        field = JalaliDateField()
        with self.assertRaises(Exception) as caught:
            field.clean(value)
        return " ".join(caught.exception.messages)

    def test_esfand_30_of_a_common_year_is_named(self):
        text = self.message("1402/12/30")
        self.assertIn("اسفند ۱۴۰۲", text)
        self.assertIn("۲۹", text)
        self.assertEqual(JalaliDateField().clean("1403/12/30"), datetime.date(2025, 3, 20))  # 1403 is leap

    def test_a_month_that_does_not_exist_is_named(self):
        self.assertIn("۱ تا ۱۲", self.message("۱۴۰۵/۱۳/۴۰"))
        self.assertIn("۳۱", self.message("1405/01/32"))

    def test_hints_fit_the_field(self):
        self.assertEqual(date_hint("birth_date"), "birth")
        self.assertEqual(date_hint("proposed_date"), "future")
        self.assertEqual(date_hint("followup_due_date"), "future")
        self.assertEqual(date_hint("held_on"), "past")
        future = JalaliDateInput(hint="future").get_context("d", None, {})["widget"]["attrs"]["placeholder"]
        soon = jalali.format_date(timezone.localdate() + datetime.timedelta(days=7), persian_digits=True)
        self.assertIn(soon, future)
        birth = JalaliDateInput(hint="birth").get_context("d", None, {})["widget"]["attrs"]["placeholder"]
        self.assertIn("۱۳۴۰/۰۵/۱۲", birth)

    def test_prefilled_dates_are_in_persian_digits(self):
        html = JalaliDateInput().render("d", datetime.date(2026, 11, 30))
        self.assertIn('value="۱۴۰۵/۰۹/۰۹"', html)


class FilterDateTests(TestCase):
    def test_an_impossible_date_in_a_filter_says_so_instead_of_finding_nothing(self):
        user = make_user(Role.COORDINATOR, make_province())
        sign_in(self.client, user)
        page = self.client.get("/meetings/", {"after": "۱۴۰۵/۱۳/۴۰"}, headers={"HX-Request": "true"})
        # The request is the client's error (400), and the page says which filter and why.
        self.assertContains(page, "پالایه‌ها خوانا نبود", status_code=400)
        self.assertContains(page, "۱ تا ۱۲", status_code=400)

    def test_filters_say_all(self):
        user = make_user(Role.COORDINATOR, make_province())
        sign_in(self.client, user)
        page = self.client.get("/meetings/").content.decode()
        self.assertNotIn("---------", page)
        self.assertNotIn(">نامعلوم<", page)
        self.assertIn(">همه<", page)
