"""Verification of a province's values of a period (DHIS2's data approval): entered values are
"not verified"; the provincial manager verifies them, after which nothing of that province and
period can be changed until someone reopens it with a reason (audited) — page, API and import."""
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import ScopeChecks
from geo.testing import make_province
from indicators import importer, periods, services
from indicators.choices import VerificationStatus
from indicators.models import IndicatorValue, PeriodVerification
from indicators.testing import make_indicator, make_source, make_value
from indicators.tests.test_import import workbook


def verify(province, key="1404-07", by=None):
    return services.period_verify(by, province=province, period=periods.from_key(key))


class VerificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.indicator = make_indicator(None, name="تصادفات سالمندان")
        cls.source = make_source(cls.province, name="استانداری تهران")
        cls.value = make_value(cls.province, cls.indicator, "1404-07", Decimal(120), by=cls.ambassador,
                               organization=cls.source)

    def test_an_entered_value_is_not_verified_until_the_manager_verifies_its_period(self):
        sign_in(self.client, self.ambassador)
        self.assertContains(self.client.get("/statistics/values/"), "value-unverified")
        self.assertFalse(self.client.get(f"/api/indicator-values/{self.value.pk}",
                                         headers=bearer(self.ambassador)).json()["verified"])
        # Only the provincial manager verifies.
        for user in (self.ambassador, self.coordinator):
            sign_in(self.client, user)
            self.assertEqual(self.client.get("/statistics/verifications/new/").status_code, 403)
        sign_in(self.client, self.manager)
        response = self.client.post("/statistics/verifications/new/", {
            "province": self.province.pk, "period_year": "1404", "period_part": "7", "note": "با نامه‌ها مقایسه شد"})
        record = PeriodVerification.objects.get()
        self.assertRedirects(response, record.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((record.status, record.verified_by, record.period_key),
                         (VerificationStatus.VERIFIED, self.manager, "1404-07"))
        self.assertTrue(LogEntry.objects.filter(additional_data__event="periodverification_verify").exists())
        page = self.client.get("/statistics/values/").content.decode()
        self.assertIn("value-verified", page)
        self.assertNotIn("value-unverified", page)
        chart = self.client.get(self.indicator.get_absolute_url()).content.decode()
        self.assertIn('id="series-states"', chart)
        self.assertIn("value-verified", chart)
        self.assertTrue(self.client.get(f"/api/indicator-values/{self.value.pk}", headers=bearer(self.manager))
                        .json()["verified"])

    def test_nothing_to_verify_is_refused(self):
        sign_in(self.client, self.manager)
        response = self.client.post("/statistics/verifications/new/", {
            "province": self.province.pk, "period_year": "1404", "period_part": "9"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PeriodVerification.objects.exists())

    def test_verified_values_cannot_change_by_page_api_letter_or_import(self):
        verify(self.province, by=self.manager)
        sign_in(self.client, self.ambassador)
        detail = self.client.get(self.value.get_absolute_url())
        self.assertContains(detail, "تأییدشده")
        self.assertNotContains(detail, f"/statistics/values/{self.value.pk}/edit/")
        response = self.client.post("/statistics/values/new/", {
            "indicator": self.indicator.pk, "province": self.province.pk, "period_year": "1404", "period_part": "7",
            "value": "130", "source_kind": "organization", "organization": self.source.pk, "letter_number": "۲",
            "letter_date": "1404/08/10"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("تأیید شده‌اند", " ".join(response.context["form"].non_field_errors()))
        response = self.client.get(f"/statistics/values/{self.value.pk}/edit/")
        self.assertRedirects(response, self.value.get_absolute_url(), fetch_redirect_response=False)
        headers = bearer(self.ambassador)
        response = self.client.patch(f"/api/indicator-values/{self.value.pk}", {"value": "130"},
                                     content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 409)
        response = self.client.post("/api/indicator-values", {
            "indicator": self.indicator.pk, "province": self.province.pk, "period_year": 1404, "period_part": "7",
            "value": "130", "source_kind": "organization", "organization": self.source.pk, "letter_number": "۱",
            "letter_date": "1404/08/10"}, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 409)
        letter = self.client.get("/statistics/values/letter/", {
            "organization": self.source.pk, "letter_number": "۱", "letter_date": "1404/08/10",
            "province": self.province.pk, "period_year": "1404", "period_part": "7"})
        self.assertIsNone(letter.context.get("formset"))
        self.assertContains(letter, "تأیید")
        sign_in(self.client, self.coordinator)
        row = [self.indicator.name, self.province.name, "", "1404-07", 130, "", "استانداری تهران", "۱", "1404/08/10",
               "", "", ""]
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/statistics/values/import/", {"file": SimpleUploadedFile("v.xlsx", workbook([row]))})
        self.assertEqual(len(importer.TEMPLATE_HEADER), len(row))
        from indicators.models import ValueImport

        record = ValueImport.objects.get()
        self.assertEqual([item["line"] for item in record.rejects], [2])
        self.assertIn("تأیید", record.rejects[0]["reason"])
        self.value.refresh_from_db()
        self.assertEqual(self.value.value, Decimal(120))
        self.assertEqual(IndicatorValue.objects.count(), 1)

    def test_reopening_with_a_reason_allows_corrections_then_it_is_verified_again(self):
        record = verify(self.province, by=self.manager)
        sign_in(self.client, self.coordinator)
        self.assertEqual(self.client.post(f"/statistics/verifications/{record.pk}/reopen/", {"reason": "x"}).status_code,
                         403)
        sign_in(self.client, self.manager)
        response = self.client.post(f"/statistics/verifications/{record.pk}/reopen/", {"reason": "رقم اشتباه خوانده شد"})
        self.assertEqual(response.status_code, 302)
        record.refresh_from_db()
        self.assertEqual((record.status, record.reopened_by, record.reopen_reason),
                         (VerificationStatus.REOPENED, self.manager, "رقم اشتباه خوانده شد"))
        entry = LogEntry.objects.get(additional_data__event="periodverification_reopen")
        self.assertEqual(entry.additional_data["reason"], "رقم اشتباه خوانده شد")
        make_value(self.province, self.indicator, "1404-07", Decimal(125), organization=self.source, by=self.ambassador)
        self.value.refresh_from_db()
        self.assertEqual(self.value.value, Decimal(125))
        # Verified again through the API's declared step: locked again.
        response = self.client.post(f"/api/indicator-verifications/{record.pk}/verify", {"note": "اصلاح شد"},
                                    content_type="application/json", headers=bearer(self.manager))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "verified")
        response = self.client.post(f"/api/indicator-verifications/{record.pk}/verify", {},
                                    content_type="application/json", headers=bearer(self.manager))
        self.assertEqual(response.status_code, 409)
        with self.assertRaises(services.WorkflowError):
            make_value(self.province, self.indicator, "1404-07", Decimal(126), organization=self.source)

    def test_the_api_verifies_and_reopens(self):
        headers = bearer(self.manager)
        response = self.client.post("/api/indicator-verifications", {"province": self.province.pk, "period_year": 1404,
                                                                     "period_part": "7"},
                                    content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertEqual(self.client.patch(f"/api/indicator-verifications/{pk}", {"note": "x"},
                                           content_type="application/json", headers=headers).status_code, 409)
        response = self.client.post(f"/api/indicator-verifications/{pk}/reopen", {"reason": "اصلاح"},
                                    content_type="application/json", headers=headers)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "reopened"))
        schema = self.client.get("/api/openapi.json").json()
        operations = {operation["operationId"] for item in schema["paths"].values() for operation in item.values()}
        self.assertTrue({"periodverification_create", "periodverification_reopen", "periodverification_verify"}
                        <= operations)


class PeriodVerificationScopeTests(ScopeChecks, TestCase):
    model = PeriodVerification
    allowed_role = Role.PROVINCIAL_MANAGER
    viewer_role = Role.COORDINATOR
    object_actions = ("detail", "reopen")
    collection_actions = ("list", "create")
    api_path = "/api/indicator-verifications"
    api_actions = {"reopen": {"reason": "اصلاح"}}

    @classmethod
    def make_object(cls, province):
        make_value(province, period="1404-07")
        return verify(province)

    def api_payload(self, province):
        make_value(province, period="1404-08")
        return {"province": province.pk, "period_year": 1404, "period_part": "8"}
