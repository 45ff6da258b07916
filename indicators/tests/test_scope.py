from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import ScopeChecks
from indicators.models import Indicator, IndicatorValue, Website
from indicators.testing import make_indicator, make_source, make_value, make_website


class IndicatorScopeTests(ScopeChecks, TestCase):
    """Provincial indicators are their province's; national ones (tested below) everyone's."""

    model = Indicator
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/indicators"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_indicator(province)

    def api_payload(self, province):
        return {"name": "کلاس‌های فرهنگسرا", "unit": "کلاس", "period_type": "year", "scope": "provincial",
                "province": province.pk, "min_value": "0", "max_value": "500"}

    def test_national_indicators_are_seen_by_every_province_but_changed_only_nationally(self):
        national = make_indicator(None)
        sign_in(self.client, self.away_user)
        self.assertEqual(self.client.get(national.get_absolute_url()).status_code, 200)
        page = self.client.get("/statistics/").content.decode()
        self.assertIn(national.get_absolute_url(), page)
        self.assertNotIn(f'href="/statistics/{national.pk}/edit/"', self.client.get(national.get_absolute_url()).content.decode())
        response = self.client.patch(f"/api/indicators/{national.pk}", {"name": "دیگر"}, content_type="application/json",
                                     headers=bearer(self.away_user))
        self.assertEqual(response.status_code, 422)
        national.refresh_from_db()
        self.assertNotEqual(national.name, "دیگر")
        # A coordinator cannot create a national indicator either.
        response = self.client.post("/api/indicators", {**self.api_payload(self.away), "scope": "national", "province": None},
                                    content_type="application/json", headers=bearer(self.away_user))
        self.assertEqual(response.status_code, 422)


class IndicatorValueScopeTests(ScopeChecks, TestCase):
    model = IndicatorValue
    allowed_role = Role.AMBASSADOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/indicator-values"

    @classmethod
    def make_object(cls, province):
        return make_value(province)

    def api_payload(self, province):
        indicator = make_indicator(None)
        return {"indicator": indicator.pk, "province": province.pk, "period_year": 1404, "period_part": "7",
                "value": "۱۲۰", "source_kind": "organization", "organization": make_source(province).pk,
                "letter_number": "۱۲/۴۵", "letter_date": "1404/08/10"}

    def test_values_of_a_national_indicator_stay_in_their_province(self):
        national = make_indicator(None)
        here, there = make_value(self.home, national), make_value(self.away, national)
        sign_in(self.client, self.home_user)
        page = self.client.get(f"/statistics/values/?indicator={national.pk}").content.decode()
        self.assertIn(here.get_absolute_url(), page)
        self.assertNotIn(there.get_absolute_url(), page)
        self.assertEqual(self.client.get(f"/statistics/values/{there.pk}/").status_code, 404)

    def test_the_scan_is_served_only_in_scope(self):
        value = make_value(self.home, letter_scan=SimpleUploadedFile("l.png", b"\x89PNG\r\n\x1a\n image"))
        sign_in(self.client, self.home_user)
        self.assertEqual(self.client.get(f"/statistics/values/{value.pk}/scan/").status_code, 200)
        sign_in(self.client, self.away_user)
        self.assertEqual(self.client.get(f"/statistics/values/{value.pk}/scan/").status_code, 404)
        self.assertEqual(self.client.get(f"/statistics/values/{self.obj.pk}/scan/").status_code, 404)


class WebsiteScopeTests(ScopeChecks, TestCase):
    model = Website
    allowed_role = Role.AMBASSADOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "check")
    collection_actions = ("list", "create")
    api_path = "/api/websites"
    api_actions = {"check": {"note": ""}}

    @classmethod
    def make_object(cls, province):
        return make_website(province)

    def api_payload(self, province):
        return {"name": "کانال کانون", "url": "https://eitaa.com/kanoon", "kind": "social", "province": province.pk,
                "publishes": "خبرها"}

    def test_national_websites_are_seen_everywhere(self):
        national = make_website(None)
        user = make_user(Role.AMBASSADOR, self.away)
        sign_in(self.client, user)
        self.assertEqual(self.client.get(national.get_absolute_url()).status_code, 200)
