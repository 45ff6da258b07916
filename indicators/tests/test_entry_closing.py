"""Entry closes N days after a period ends (DHIS2's "expiry days"): at the end of that day in
Tehran, values of the period can no longer be added or changed — page, API, letter form and
import alike, through the one check `services.check_period_open` — until the provincial
manager or a national admin reopens entry for one province until a chosen day, with a reason."""
import datetime
from decimal import Decimal
from unittest import mock

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import ScopeChecks
from geo.testing import make_province
from indicators import periods, services
from indicators.models import EntryExtension, IndicatorSettings, IndicatorValue, ValueImport
from indicators.testing import make_indicator, make_source, make_value
from indicators.tests.test_import import workbook

MEHR_1404 = periods.from_key("1404-07")  # 2025-09-23 … 2025-10-22
CLOSES_ON = datetime.date(2025, 11, 6)  # 15 days later: ۱۵ آبان ۱۴۰۴
CLOSED_TEXT = "در پایان ۱۵ آبان ۱۴۰۴ بسته شد"


def on(day: datetime.date):
    """Today (in Tehran) is `day` — as the suite moves time (docs/testing.md)."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def closing_after(days: int) -> None:
    IndicatorSettings.objects.update_or_create(pk=1, defaults={"entry_closes_after_days": days})


class EntryClosingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)
        cls.indicator = make_indicator(None, name="تصادفات سالمندان")
        cls.source = make_source(cls.province, name="استانداری تهران")
        cls.value = make_value(cls.province, cls.indicator, "1404-07", Decimal(120), organization=cls.source)
        closing_after(15)

    def enter(self, value=Decimal(130)):
        return make_value(self.province, self.indicator, "1404-07", value, organization=self.source,
                          by=self.ambassador)

    def test_the_default_is_fifteen_days(self):
        IndicatorSettings.objects.all().delete()
        with override_settings(INDICATOR_ENTRY_CLOSES_AFTER_DAYS=15):
            self.assertEqual(IndicatorSettings.current().entry_closes_after_days, 15)
        self.assertEqual(services.entry_closes_on(MEHR_1404), CLOSES_ON)

    def test_entry_closes_at_the_end_of_the_nth_day_after_the_period(self):
        with on(CLOSES_ON):
            self.enter()  # the last day: still open
            self.assertTrue(services.entry_window(self.province, MEHR_1404).is_open)
        with on(CLOSES_ON + datetime.timedelta(days=1)):
            with self.assertRaises(services.EntryClosed) as refused:
                self.enter(Decimal(131))
            self.assertFalse(services.entry_window(self.province, MEHR_1404).is_open)
        self.assertIn(CLOSED_TEXT, str(refused.exception))
        self.assertIn("مدیر استان یا مدیر ملی", str(refused.exception))
        self.value.refresh_from_db()
        self.assertEqual(self.value.value, Decimal(130))

    def test_the_day_ends_in_tehran_not_in_utc(self):
        utc = datetime.UTC
        # 23:59 in Tehran (UTC+3:30) on the closing day: open; a minute past midnight there: closed,
        # though it is still the closing day in UTC.
        with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2025, 11, 6, 20, 29, tzinfo=utc)):
            services.check_period_open(self.province, "1404-07")
        with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2025, 11, 6, 20, 31, tzinfo=utc)):
            with self.assertRaises(services.EntryClosed):
                services.check_period_open(self.province, "1404-07")

    def test_zero_days_means_entry_never_closes(self):
        closing_after(0)
        with on(datetime.date(2030, 1, 1)):
            self.enter(Decimal(140))
            self.assertIsNone(services.entry_open_until(self.province, MEHR_1404))
            self.assertTrue(services.entry_window(self.province, MEHR_1404).is_open)
        self.value.refresh_from_db()
        self.assertEqual(self.value.value, Decimal(140))

    def test_closed_entry_is_refused_on_the_page_the_api_the_letter_and_the_import(self):
        after = CLOSES_ON + datetime.timedelta(days=3)
        with on(after):
            sign_in(self.client, self.ambassador)
            # The value form keeps what was typed and says when entry closed and who reopens it.
            response = self.client.post("/statistics/values/new/", {
                "indicator": self.indicator.pk, "province": self.province.pk, "period_year": "1404",
                "period_part": "7", "value": "130", "source_kind": "organization", "organization": self.source.pk,
                "letter_number": "۲", "letter_date": "1404/08/10"})
            self.assertEqual(response.status_code, 200)
            self.assertIn(CLOSED_TEXT, " ".join(response.context["form"].non_field_errors()))
            self.assertContains(response, 'value="130"')
            # No "Edit" on the value's page; the edit page sends back with the reason.
            self.assertNotContains(self.client.get(self.value.get_absolute_url()),
                                   f"/statistics/values/{self.value.pk}/edit/")
            response = self.client.get(f"/statistics/values/{self.value.pk}/edit/", follow=True)
            self.assertContains(response, CLOSED_TEXT)
            headers = bearer(self.ambassador)
            response = self.client.patch(f"/api/indicator-values/{self.value.pk}", {"value": "130"},
                                         content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 409)
            self.assertIn(CLOSED_TEXT, response.json()["detail"])
            response = self.client.post("/api/indicator-values", {
                "indicator": self.indicator.pk, "province": self.province.pk, "period_year": 1404, "period_part": "7",
                "value": "130", "source_kind": "organization", "organization": self.source.pk, "letter_number": "۱",
                "letter_date": "1404/08/10"}, content_type="application/json", headers=headers)
            self.assertEqual(response.status_code, 409)
            self.assertIn(CLOSED_TEXT, response.json()["detail"])
            # The letter form says so instead of offering the rows.
            letter = self.client.get("/statistics/values/letter/", {
                "organization": self.source.pk, "letter_number": "۱", "letter_date": "1404/08/10",
                "province": self.province.pk, "period_year": "1404", "period_part": "7"})
            self.assertIsNone(letter.context.get("formset"))
            self.assertContains(letter, CLOSED_TEXT)
            self.assertNotContains(letter, "entryextension")  # an ambassador cannot reopen: no button
            sign_in(self.client, self.manager)
            letter = self.client.get("/statistics/values/letter/", {
                "organization": self.source.pk, "letter_number": "۱", "letter_date": "1404/08/10",
                "province": self.province.pk, "period_year": "1404", "period_part": "7"})
            self.assertContains(letter, "/statistics/entry-extensions/new/?province=")
            # The import rejects the row with the same reason.
            sign_in(self.client, self.coordinator)
            row = [self.indicator.name, self.province.name, "", "1404-07", 130, "", "استانداری تهران", "۱",
                   "1404/08/10", "", "", ""]
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile("v.xlsx", workbook([row]))})
        record = ValueImport.objects.get()
        self.assertEqual([item["line"] for item in record.rejects], [2])
        self.assertIn(CLOSED_TEXT, record.rejects[0]["reason"])
        self.value.refresh_from_db()
        self.assertEqual(self.value.value, Decimal(120))
        self.assertEqual(IndicatorValue.objects.count(), 1)

    def test_an_edit_cannot_move_a_value_into_a_closed_period(self):
        with on(datetime.date(2025, 12, 25)):  # آذر ۱۴۰۴ open (until ۱۵ دی); مهر closed
            recent = make_value(self.province, self.indicator, "1404-09", Decimal(120), organization=self.source)
            sign_in(self.client, self.ambassador)
            response = self.client.post(f"/statistics/values/{recent.pk}/edit/", {
                "indicator": self.indicator.pk, "province": self.province.pk, "period_year": "1404",
                "period_part": "7", "value": "120", "source_kind": "organization", "organization": self.source.pk,
                "letter_number": "۳", "letter_date": "1404/09/10"})
        self.assertEqual(response.status_code, 200)
        self.assertIn(CLOSED_TEXT, " ".join(response.context["form"].non_field_errors()))
        recent.refresh_from_db()
        self.assertEqual(recent.period_key, "1404-09")

    def test_the_entry_pages_say_until_when_entry_is_open(self):
        with on(datetime.date(2025, 10, 30)):  # ۸ آبان ۱۴۰۴
            sign_in(self.client, self.ambassador)
            letter = self.client.get("/statistics/values/letter/", {
                "organization": self.source.pk, "letter_number": "۱", "letter_date": "1404/08/01",
                "province": self.province.pk, "period_year": "1404", "period_part": "7"})
            self.assertIsNotNone(letter.context.get("formset"))
            self.assertContains(letter, "ورود داده تا ۱۵ آبان ۱۴۰۴ باز است.")
            page = self.client.get("/statistics/values/new/")
            self.assertContains(page, "ورود دادهٔ مهر ۱۴۰۴ تا ۱۵ آبان ۱۴۰۴ باز است.")  # the latest month
            self.assertContains(page, "ورود دادهٔ تابستان ۱۴۰۴ در پایان ۱۵ مهر ۱۴۰۴ بسته شد.")  # the latest season
            self.assertContains(self.client.get("/statistics/values/letter/"), 'id="entry-window"')

    def test_national_admins_change_the_setting_audited(self):
        for user in (self.manager, self.coordinator):
            sign_in(self.client, user)
            self.assertEqual(self.client.get("/statistics/settings/").status_code, 403)
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        self.assertContains(self.client.get("/statistics/settings/"), 'value="15"')
        response = self.client.post("/statistics/settings/", {"entry_closes_after_days": "۳۰"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(IndicatorSettings.current().entry_closes_after_days, 30)
        entry = LogEntry.objects.get(additional_data__event="indicatorsettings_update")
        self.assertEqual(entry.changes["entry_closes_after_days"], ["15", "30"])
        self.assertEqual(services.entry_closes_on(MEHR_1404), datetime.date(2025, 11, 21))


class EntryReopeningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.other = make_province("10")
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.indicator = make_indicator(None)
        cls.source = make_source(cls.province)
        closing_after(15)

    today = datetime.date(2025, 12, 1)  # ۱۰ آذر ۱۴۰۴: مهر closed on ۱۵ آبان

    def enter(self, value=Decimal(130), province=None):
        province = province or self.province
        return make_value(province, self.indicator, "1404-07", value, by=self.ambassador,
                          organization=self.source if province == self.province else None)

    def test_the_manager_reopens_one_province_until_a_day_with_a_reason_then_it_closes_again(self):
        with on(self.today):
            for user in (self.coordinator, self.ambassador):
                sign_in(self.client, user)
                self.assertEqual(self.client.get("/statistics/entry-extensions/new/").status_code, 403)
            sign_in(self.client, self.manager)
            page = self.client.get("/statistics/entry-extensions/new/", {
                "province": self.province.pk, "period_year": "1404", "period_part": "7"})
            self.assertContains(page, 'value="1404"')
            response = self.client.post("/statistics/entry-extensions/new/", {
                "province": self.province.pk, "period_year": "1404", "period_part": "7", "open_until": "1404/09/20",
                "reason": "نامهٔ استانداری دیر رسید"})
            record = EntryExtension.objects.get()
            self.assertRedirects(response, record.get_absolute_url(), fetch_redirect_response=False)
            self.assertEqual((record.open_until, record.granted_by, record.period_key),
                             (datetime.date(2025, 12, 11), self.manager, "1404-07"))
            entry = LogEntry.objects.get(additional_data__event="entryextension_grant")
            self.assertEqual(entry.additional_data["reason"], "نامهٔ استانداری دیر رسید")
            self.assertContains(self.client.get(record.get_absolute_url()), "ورود داده تا ۲۰ آذر ۱۴۰۴ باز است.")
            self.enter()  # open again for this province …
            with self.assertRaises(services.EntryClosed):
                self.enter(province=self.other)  # … only
        with on(datetime.date(2025, 12, 11)):
            self.enter(Decimal(131))  # the last day of the reopening
        with on(datetime.date(2025, 12, 12)):  # the reopening expired
            with self.assertRaises(services.EntryClosed) as refused:
                self.enter(Decimal(132))
        self.assertIn("در پایان ۲۰ آذر ۱۴۰۴ بسته شد", str(refused.exception))
        self.assertEqual(IndicatorValue.objects.get(province=self.province).value, Decimal(131))

    def test_a_reopening_is_refused_in_the_past_before_the_regular_close_too_long_or_when_entry_never_closes(self):
        with on(self.today):
            aban = periods.from_key("1404-08")  # open until ۱۵ آذر ۱۴۰۴ (2025-12-06) anyway
            cases = [(MEHR_1404, datetime.date(2025, 11, 30), "از امروز به بعد"),
                     (aban, datetime.date(2025, 12, 3), "ورود دادهٔ آبان ۱۴۰۴ در هر حال تا ۱۵ آذر ۱۴۰۴ باز است"),
                     (MEHR_1404, self.today + datetime.timedelta(days=91), "حداکثر")]
            for period, until, words in cases:
                with self.assertRaises(services.WorkflowError) as refused:
                    services.entryextension_grant(self.manager, province=self.province, period=period,
                                                  open_until=until, reason="x")
                self.assertIn(words, str(refused.exception))
            closing_after(0)
            response = self.client.post("/api/indicator-entry-extensions", {
                "province": self.province.pk, "period_year": 1404, "period_part": "7", "open_until": "1404/09/20",
                "reason": "x"}, content_type="application/json", headers=bearer(self.manager))
            self.assertEqual(response.status_code, 409)
            self.assertIn("هرگز بسته نمی‌شود", response.json()["detail"])
        self.assertFalse(EntryExtension.objects.exists())

    def test_the_api_reopens_and_a_national_admin_changes_until_when(self):
        with on(self.today):
            response = self.client.post("/api/indicator-entry-extensions", {
                "province": self.province.pk, "period_year": 1404, "period_part": "7", "open_until": "1404/09/15",
                "reason": "اصلاح رقم"}, content_type="application/json", headers=bearer(self.manager))
            self.assertEqual(response.status_code, 201, response.content)
            body = response.json()
            self.assertEqual((body["open_until"], body["open_until_jalali"], body["period"]),
                             ("2025-12-06", "1404/09/15", "1404-07"))
            pk = body["id"]
            headers = bearer(self.admin)
            self.assertEqual(self.client.patch(f"/api/indicator-entry-extensions/{pk}", {"reason": "x"},
                                               content_type="application/json", headers=headers).status_code, 409)
            response = self.client.post(f"/api/indicator-entry-extensions/{pk}/extend", {
                "open_until": "1404/09/25", "reason": "نامهٔ دوم هم رسید"}, content_type="application/json",
                headers=headers)
            self.assertEqual(response.status_code, 200, response.content)
            self.assertEqual(response.json()["open_until"], "2025-12-16")
            # Reopening the same province and period again changes that reopening (no second row).
            services.entryextension_grant(self.admin, province=self.province, period=MEHR_1404,
                                          open_until=datetime.date(2025, 12, 20), reason="سوم")
        record = EntryExtension.objects.get()
        self.assertEqual((record.open_until, record.granted_by, record.reason),
                         (datetime.date(2025, 12, 20), self.admin, "سوم"))
        with on(datetime.date(2025, 12, 20)):
            self.enter()  # the national admin's reopening's last day
        with on(datetime.date(2025, 12, 21)), self.assertRaises(services.EntryClosed):
            self.enter(Decimal(131))  # … and it expired
        events = LogEntry.objects.filter(additional_data__event="entryextension_extend").order_by("pk")
        self.assertEqual([entry.additional_data["reason"] for entry in events], ["نامهٔ دوم هم رسید", "سوم"])
        self.assertEqual(events[0].changes["open_until"], ["2025-12-06", "2025-12-16"])
        schema = self.client.get("/api/openapi.json").json()
        operations = {operation["operationId"] for item in schema["paths"].values() for operation in item.values()}
        self.assertTrue({"entryextension_create", "entryextension_extend"} <= operations)

    def test_a_verified_period_stays_locked_even_when_entry_is_reopened(self):
        with on(self.today):
            services.entryextension_grant(self.manager, province=self.province, period=MEHR_1404,
                                          open_until=datetime.date(2025, 12, 10), reason="x")
            self.enter()
            services.period_verify(self.manager, province=self.province, period=MEHR_1404)
            with self.assertRaises(services.PeriodVerified):
                self.enter()


class EntryExtensionScopeTests(ScopeChecks, TestCase):
    model = EntryExtension
    allowed_role = Role.PROVINCIAL_MANAGER
    viewer_role = Role.COORDINATOR
    object_actions = ("detail", "extend")
    collection_actions = ("list", "create")
    api_path = "/api/indicator-entry-extensions"

    @classmethod
    def setUpTestData(cls):
        closing_after(15)  # 1404-07 closed long ago: a reopening until next week is valid today
        super().setUpTestData()

    @classmethod
    def make_object(cls, province):
        return services.entryextension_grant(None, province=province, period=MEHR_1404, reason="اصلاح",
                                             open_until=services.tehran_today() + datetime.timedelta(days=7))

    @property
    def api_actions(self):
        return {"extend": {"open_until": (services.tehran_today() + datetime.timedelta(days=8)).isoformat(),
                           "reason": "اصلاح"}}

    def api_payload(self, province):
        return {"province": province.pk, "period_year": 1404, "period_part": "8", "reason": "اصلاح",
                "open_until": (services.tehran_today() + datetime.timedelta(days=7)).isoformat()}
