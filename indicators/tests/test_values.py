"""Values from named sources: one row per indicator, place, period and source (updated and
audited when entered again), "not available" never zero, implausible figures need a comment."""
import datetime
import tempfile
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.services import WorkflowError
from core.testing import monthly_figures
from geo.testing import make_province
from indicators import periods, selectors, services
from indicators.choices import PeriodType, SourceKind
from indicators.models import IndicatorValue
from indicators.testing import make_indicator, make_source, make_value, make_website

MEDIA = tempfile.mkdtemp(prefix="safiran-test-indicators-")


class PeriodTests(TestCase):
    def test_keys_starts_and_neighbours(self):
        month = periods.parse("۱۴۰۳/۱۲", PeriodType.MONTH)
        self.assertEqual(month.key, "1403-12")
        self.assertEqual(month.start, datetime.date(2025, 2, 19))
        self.assertEqual(month.end, datetime.date(2025, 3, 20))  # 30 Esfand 1403 (a leap year)
        self.assertEqual(month.next().key, "1404-01")
        quarter = periods.parse("1404-Q1", PeriodType.QUARTER)
        self.assertEqual((quarter.previous().key, quarter.start), ("1403-Q4", datetime.date(2025, 3, 21)))
        self.assertEqual(periods.parse("1404", PeriodType.YEAR).label, "سال ۱۴۰۴")
        self.assertEqual(periods.from_key("1404-Q3").label, "پاییز ۱۴۰۴")

    def test_a_period_of_the_wrong_kind_is_refused(self):
        for text, kind in (("1404", PeriodType.MONTH), ("1404-07", PeriodType.QUARTER), ("1404-13", PeriodType.MONTH)):
            with self.subTest(text=text), self.assertRaises(periods.PeriodError):
                periods.parse(text, kind)


class ValueRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.indicator = make_indicator(cls.province)
        cls.source = make_source(cls.province)

    def record(self, period="1404-07", **fields):
        arguments = {"indicator": self.indicator, "province": self.province, "period": periods.parse(period, "month"),
                     "source_kind": SourceKind.ORGANIZATION, "organization": self.source, "letter_number": "۱۲",
                     "letter_date": datetime.date(2025, 10, 20), "value": Decimal(100)}
        return services.value_record(None, **{**arguments, **fields})

    def test_the_database_keeps_value_and_not_available_apart(self):
        value = self.record()
        for changes in ({"value": None}, {"not_available": True, "not_available_reason": "x"},
                        {"value": None, "not_available": True}):
            with self.subTest(changes=changes), self.assertRaises(IntegrityError), transaction.atomic():
                IndicatorValue.objects.filter(pk=value.pk).update(**changes)

    def test_the_database_requires_a_named_source(self):
        value = self.record()
        for changes in ({"organization": None}, {"letter_number": ""}, {"source_kind": SourceKind.WEBSITE},
                        {"url": "https://amar.example.ir"}):
            with self.subTest(changes=changes), self.assertRaises(IntegrityError), transaction.atomic():
                IndicatorValue.objects.filter(pk=value.pk).update(**changes)

    def test_the_same_indicator_place_period_and_source_updates_with_old_and_new_audited(self):
        first = self.record(value=Decimal(100))
        second = self.record(value=Decimal(104), letter_number="۱۳")
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(IndicatorValue.objects.count(), 1)
        second.refresh_from_db()
        self.assertEqual(second.value, Decimal(104))
        entry = LogEntry.objects.get(additional_data__event="indicatorvalue_update")
        self.assertEqual(entry.changes["value"], ["100.0000", "104"])
        self.assertEqual(entry.changes["letter_number"], ["۱۲", "۱۳"])
        # Another source for the same figure is another row; so is another period.
        website = self.record(source_kind=SourceKind.WEBSITE, organization=None, url="https://www.amar.example.ir/a",
                              retrieved_on=datetime.date(2025, 10, 25), letter_number="", letter_date=None)
        self.assertNotEqual(website.pk, first.pk)
        self.assertEqual(self.record(period="1404-08").period_key, "1404-08")
        self.assertEqual(IndicatorValue.objects.count(), 3)

    def test_not_available_is_not_zero(self):
        value = self.record(value=None, not_available=True, not_available_reason="آمار ندارند")
        self.assertIsNone(value.value)
        self.assertEqual(value.value_text, "ناموجود")

    def test_a_value_outside_the_plausible_range_needs_a_comment(self):
        with self.assertRaises(WorkflowError) as refused:
            self.record(value=Decimal(5000))
        self.assertIn("بیرون از بازهٔ", str(refused.exception))
        self.assertEqual(IndicatorValue.objects.count(), 0)
        self.assertEqual(self.record(value=Decimal(5000), comment="رقم تأیید شد").value, Decimal(5000))

    def test_a_value_far_from_the_series_needs_a_comment(self):
        period = periods.parse("1404-01", "month")
        for number in (100, 104, 98, 101, 103, 99):
            self.record(period=period.key, value=Decimal(number))
            period = period.next()
        self.assertEqual(self.record(period=period.key, value=Decimal(108)).value, Decimal(108))  # within the spread
        with self.assertRaises(WorkflowError) as refused:
            self.record(period=period.next().key, value=Decimal(400))
        self.assertIn("دور است", str(refused.exception))


@override_settings(MEDIA_ROOT=MEDIA)
class ValuePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.indicator = make_indicator(None, period_type=PeriodType.MONTH)
        cls.source = make_source(cls.province)

    def data(self, **changes):
        return {"indicator": self.indicator.pk, "province": self.province.pk, "period_year": "۱۴۰۴", "period_part": "7",
                "value": "۱۲۰", "source_kind": "organization", "organization": self.source.pk,
                "letter_number": "۴۵/۱۲", "letter_date": "۱۴۰۴/۰۸/۱۰", **changes}

    def test_a_value_is_entered_with_its_letter_and_scan(self):
        sign_in(self.client, self.ambassador)
        scan = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
        response = self.client.post("/statistics/values/new/", {**self.data(), "letter_scan": scan})
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        value = IndicatorValue.objects.get()
        self.assertEqual((value.period_key, value.value, value.letter_number), ("1404-07", Decimal(120), "۴۵/۱۲"))
        self.assertTrue(value.letter_scan.name.startswith("indicator-letters/"))
        self.assertEqual(self.client.get(f"/statistics/values/{value.pk}/scan/").status_code, 200)

    def test_a_scan_that_is_not_a_pdf_or_image_is_refused(self):
        sign_in(self.client, self.ambassador)
        for name, content in (("letter.exe", b"MZ"), ("letter.pdf", b"MZ not a pdf")):
            with self.subTest(name=name):
                scan = SimpleUploadedFile(name, content)
                response = self.client.post("/statistics/values/new/", {**self.data(), "letter_scan": scan})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "PDF")
        self.assertFalse(IndicatorValue.objects.exists())

    def test_the_page_asks_for_a_comment_on_an_implausible_value(self):
        sign_in(self.client, self.ambassador)
        response = self.client.post("/statistics/values/new/", self.data(value="۵۰۰۰"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "بیرون از بازهٔ")
        self.assertContains(response, 'value="۵۰۰۰"')  # what was typed is kept
        self.assertFalse(IndicatorValue.objects.exists())
        response = self.client.post("/statistics/values/new/", self.data(value="۵۰۰۰", comment="تأیید شد"))
        self.assertEqual(response.status_code, 302)

    def test_an_empty_value_is_not_zero_and_not_available_needs_a_reason(self):
        sign_in(self.client, self.ambassador)
        response = self.client.post("/statistics/values/new/", self.data(value=""))
        self.assertContains(response, "صفر")
        response = self.client.post("/statistics/values/new/", self.data(value="", not_available="on"))
        self.assertContains(response, "چرا")
        self.assertFalse(IndicatorValue.objects.exists())
        response = self.client.post("/statistics/values/new/", self.data(value="", not_available="on",
                                                                         not_available_reason="هنوز جمع‌بندی نشده"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(IndicatorValue.objects.get().not_available)

    def test_a_website_source_needs_its_address_and_date(self):
        sign_in(self.client, self.ambassador)
        response = self.client.post("/statistics/values/new/", self.data(source_kind="website", organization=""))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(IndicatorValue.objects.exists())
        site = make_website(self.province, url="https://amar.example.ir")
        response = self.client.post("/statistics/values/new/", self.data(
            source_kind="website", organization="", website=site.pk, url="https://amar.example.ir/1404",
            retrieved_on="1404/08/12"))
        self.assertEqual(response.status_code, 302)
        value = IndicatorValue.objects.get()
        self.assertEqual((value.website, value.letter_number, value.organization), (site, "", None))
        # Without choosing it, an address on a registered site is linked to it all the same.
        response = self.client.post("/statistics/values/new/", self.data(
            source_kind="website", organization="", url="https://www.amar.example.ir/1404/b", period_part="8",
            retrieved_on="1404/09/12"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(IndicatorValue.objects.get(period_key="1404-08").website, site)

    def test_the_api_enters_and_reenters_a_value(self):
        payload = {k: v for k, v in self.data().items()}
        payload["period_year"] = 1404
        headers = bearer(self.ambassador)
        first = self.client.post("/api/indicator-values", payload, content_type="application/json", headers=headers)
        self.assertEqual(first.status_code, 201, first.content)
        again = self.client.post("/api/indicator-values", {**payload, "value": "125"}, content_type="application/json",
                                 headers=headers)
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(Decimal(again.json()["value"]), Decimal(125))
        refused = self.client.post("/api/indicator-values", {**payload, "period_part": "Q2"},
                                   content_type="application/json", headers=headers)
        self.assertEqual(refused.status_code, 422)


class ChartAndMonthlyTests(TestCase):
    def test_the_charts_leave_not_available_as_a_gap(self):
        province = make_province("23")
        admin = make_user(Role.NATIONAL_ADMIN)
        indicator = make_indicator(None)
        source = make_source(province)
        make_value(province, indicator, "1404-05", Decimal(0), organization=source)
        make_value(province, indicator, "1404-06", None, organization=source)
        make_value(province, indicator, "1404-07", Decimal(130), organization=source)
        chart = selectors.series_chart(indicator, admin, province)
        self.assertEqual(chart.kind, "line")
        self.assertEqual(chart.series[0].values, [0.0, None, 130.0])
        bars = selectors.provinces_chart(indicator, admin)
        self.assertEqual((bars.kind, bars.labels, bars.series[0].values), ("bar", [province.name], [130.0]))
        sign_in(self.client, admin)
        page = self.client.get(indicator.get_absolute_url()).content.decode()
        self.assertIn('"data": [0.0, null, 130.0]', page)
        self.assertIn("ناموجود", page)

    def test_the_monthly_section_counts_values_entered_that_month(self):
        province = make_province("23")
        make_value(province)
        make_value(province, value=None)
        from core import jalali
        year, month = jalali.month_of(datetime.date.today())
        figures = monthly_figures("indicators", province, year, month)
        self.assertEqual((figures["values_entered"].value, figures["values_not_available"].value), (2, 1))


class ConcurrentEntryTests(TestCase):
    def test_a_figure_saved_meanwhile_by_someone_else_is_updated_not_duplicated(self):
        province = make_province("23")
        indicator, source = make_indicator(province), make_source(province)
        first = make_value(province, indicator, value=Decimal(100), organization=source)
        real_filter = IndicatorValue.objects.select_for_update
        calls = []

        def blind(*args, **kwargs):  # the first look finds nothing, as if the other save came later
            calls.append(1)
            queryset = real_filter(*args, **kwargs)
            return queryset.none() if len(calls) == 1 else queryset

        from unittest import mock
        with mock.patch.object(IndicatorValue.objects, "select_for_update", blind):
            again = make_value(province, indicator, value=Decimal(101), organization=source)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(101))
