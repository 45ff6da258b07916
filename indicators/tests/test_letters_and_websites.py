"""The "copy last period" form (a source's letter, figure by figure) and the website register."""
import datetime
from decimal import Decimal
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from geo.testing import make_province
from indicators.choices import PeriodType
from indicators.models import IndicatorValue, Website
from indicators.testing import make_indicator, make_source, make_value, make_website


class CopyLastPeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.source = make_source(cls.province)
        cls.first = make_indicator(None, name="الف تصادفات", period_type=PeriodType.MONTH)
        cls.second = make_indicator(None, name="ب مصرف آب", period_type=PeriodType.MONTH, unit="لیتر")
        cls.yearly = make_indicator(None, name="پ سالانه", period_type=PeriodType.YEAR)
        make_value(cls.province, cls.first, "1404-06", Decimal(140), organization=cls.source)
        make_value(cls.province, cls.second, "1404-06", None, organization=cls.source)

    def url(self, **changes):
        query = {"organization": self.source.pk, "letter_number": "۷۷/۱۲", "letter_date": "1404/08/05",
                 "province": self.province.pk, "period_year": "1404", "period_part": "7", **changes}
        return "/statistics/values/letter/?" + urlencode(query)

    def rows(self, *values):
        data = {"form-TOTAL_FORMS": str(len(values)), "form-INITIAL_FORMS": str(len(values))}
        for index, (indicator, fields) in enumerate(values):
            data[f"form-{index}-indicator"] = indicator.pk
            for name, value in fields.items():
                data[f"form-{index}-{name}"] = value
        return data

    def test_the_letter_lists_last_periods_figures_beside_empty_boxes(self):
        sign_in(self.client, self.ambassador)
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertIn("۷۷/۱۲", text)  # the letter's number on top
        self.assertIn("شهریور ۱۴۰۴", text)
        self.assertIn("مهر ۱۴۰۴", text)
        self.assertIn("۱۴۰", text)
        self.assertIn("ناموجود", text)
        self.assertNotIn("پ سالانه", text)  # another period type
        self.assertEqual([indicator.pk for indicator, _last in [line[0] for line in page.context["lines"]]],
                         [self.first.pk, self.second.pk])

    def test_the_letters_figures_are_saved_together_with_its_number_and_date(self):
        sign_in(self.client, self.ambassador)
        response = self.client.post(self.url(), self.rows((self.first, {"value": "۱۴۵"}),
                                                          (self.second, {"not_available": "on",
                                                                         "not_available_reason": "هنوز ندارند"})))
        self.assertEqual(response.status_code, 302)
        saved = IndicatorValue.objects.filter(period_key="1404-07").order_by("indicator__name")
        self.assertEqual([(v.value, v.not_available, v.letter_number) for v in saved],
                         [(Decimal(145), False, "۷۷/۱۲"), (None, True, "۷۷/۱۲")])

    def test_one_implausible_row_keeps_the_whole_letter_unsaved(self):
        sign_in(self.client, self.ambassador)
        response = self.client.post(self.url(), self.rows((self.first, {"value": "۱۴۵"}), (self.second, {"value": "۹۰۰۰"})))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "بیرون از بازهٔ")
        self.assertContains(response, 'value="۱۴۵"')
        self.assertFalse(IndicatorValue.objects.filter(period_key="1404-07").exists())

    def test_the_header_is_checked_first(self):
        sign_in(self.client, self.ambassador)
        page = self.client.get(self.url(letter_number=""))
        self.assertIsNone(page.context.get("formset"))
        self.assertIn("letter_number", page.context["header"].errors)


class WebsiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)

    def test_mark_checked_today_is_a_declared_step_and_is_audited(self):
        site = make_website(self.province, last_checked_on=timezone.localdate() - datetime.timedelta(days=120))
        self.assertTrue(site.is_stale)
        sign_in(self.client, self.ambassador)
        self.assertContains(self.client.get("/statistics/websites/?stale=true"), site.get_absolute_url())
        self.assertContains(self.client.get(site.get_absolute_url()), "۹۰ روز")
        response = self.client.post(f"/statistics/websites/{site.pk}/check/", {"note": "به‌روز است"})
        self.assertEqual(response.status_code, 302)
        site.refresh_from_db()
        self.assertEqual((site.last_checked_on, site.checked_by), (timezone.localdate(), self.ambassador))
        self.assertFalse(site.is_stale)
        self.assertTrue(LogEntry.objects.filter(additional_data__event="website_mark_checked").exists())
        self.assertNotContains(self.client.get("/statistics/websites/?stale=true"), site.get_absolute_url())
        # Checked already today: the API refuses with the reason (409).
        response = self.client.post(f"/api/websites/{site.pk}/check", {"note": ""}, content_type="application/json",
                                    headers=bearer(self.ambassador))
        self.assertEqual(response.status_code, 409)

    def test_never_checked_websites_are_flagged_and_counted_on_the_home_page(self):
        make_website(self.province)
        sign_in(self.client, self.ambassador)
        home = self.client.get("/")
        self.assertContains(home, "وب‌گاه‌هایی که باید دوباره بررسی شوند")
        self.assertEqual(Website.objects.count(), 1)
