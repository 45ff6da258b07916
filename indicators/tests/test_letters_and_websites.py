"""The "copy last period" form (a source's letter, figure by figure) and the website register."""
import datetime
from decimal import Decimal
from unittest import mock
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
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

    def test_the_letters_scan_is_attached_to_every_figure_and_served_only_in_scope(self):
        sign_in(self.client, self.ambassador)
        scan = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the letter", content_type="application/pdf")
        response = self.client.post(self.url(), {**self.rows((self.first, {"value": "۱۴۵"}), (self.second, {"value": "۵"})),
                                                  "letter_scan": scan})
        self.assertEqual(response.status_code, 302)
        saved = list(IndicatorValue.objects.filter(period_key="1404-07"))
        self.assertEqual(len(saved), 2)
        names = {value.letter_scan.name for value in saved}
        self.assertEqual(len(names), 1)  # stored once, shared by the letter's figures
        name = names.pop()
        self.assertTrue(name.startswith("indicator-letters/") and name.endswith(".pdf"))
        self.assertNotIn("letter", name.rsplit("/", 1)[1])  # an unguessable name, not the uploaded one
        response = self.client.get(f"/statistics/values/{saved[0].pk}/scan/")
        self.assertEqual((response.status_code, b"".join(response.streaming_content)), (200, b"%PDF-1.4 the letter"))
        # Not under a public URL, and not to another province.
        self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)
        sign_in(self.client, make_user(Role.COORDINATOR, make_province("10")))
        self.assertEqual(self.client.get(f"/statistics/values/{saved[0].pk}/scan/").status_code, 404)
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertEqual(self.client.get(f"/statistics/values/{saved[0].pk}/scan/").status_code, 200)

    def test_a_fake_pdf_is_refused_on_the_letter_and_nothing_is_saved(self):
        sign_in(self.client, self.ambassador)
        for name, content in (("letter.pdf", b"<html>not a pdf</html>"), ("letter.png", b"%PDF-1.4 a pdf named png"),
                              ("letter.exe", b"MZ")):
            with self.subTest(name=name):
                response = self.client.post(self.url(), {**self.rows((self.first, {"value": "۱۴۵"})),
                                                         "letter_scan": SimpleUploadedFile(name, content)})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["scan_form"].errors["letter_scan"])
        with mock.patch("indicators.models.MAX_SCAN_BYTES", 10):
            response = self.client.post(self.url(), {**self.rows((self.first, {"value": "۱۴۵"})),
                                                     "letter_scan": SimpleUploadedFile("l.pdf", b"%PDF-1.4 " + b"x" * 20)})
        self.assertIn("۱۰", " ".join(response.context["scan_form"].errors["letter_scan"]))
        self.assertFalse(IndicatorValue.objects.filter(period_key="1404-07").exists())

    def test_a_letter_not_saved_keeps_no_scan(self):
        sign_in(self.client, self.ambassador)
        scan = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the letter")
        with mock.patch("indicators.views.default_storage.delete") as delete:
            response = self.client.post(self.url(), {**self.rows((self.first, {"value": "۹۰۰۰"})), "letter_scan": scan})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(delete.called)
        self.assertFalse(IndicatorValue.objects.filter(period_key="1404-07").exists())

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
