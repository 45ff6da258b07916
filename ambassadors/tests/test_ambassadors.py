import datetime

from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from ambassadors.testing import make_ambassador
from areas.models import Area
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_county, make_province

ZWNJ = "\u200c"


class AmbassadorFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def setUp(self):
        sign_in(self.client, self.coordinator)

    def form_data(self, **overrides):
        data = {
            "first_name": "زهرا",
            "last_name": "موسوي",  # Arabic yeh, normalised on save
            "national_code": "۰۰۱۳۵۴۲۴۱۹",
            "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "gender": "female",
            "birth_date": "۱۳۴۰/۰۵/۱۲",
            "province": self.province.pk,
            "county": make_county(self.province).pk,
            "status": "active",
        }
        return {**data, **overrides}

    def test_persian_digits_and_arabic_letters_are_normalised(self):
        response = self.client.post("/ambassadors/new/", self.form_data())
        self.assertEqual(response.status_code, 302)
        ambassador = Ambassador.objects.get()
        self.assertEqual(ambassador.last_name, "موسوی")
        self.assertEqual(ambassador.national_code, "0013542419")
        self.assertEqual(ambassador.mobile, "09121234567")
        self.assertEqual(ambassador.birth_date, datetime.date(1961, 8, 3))
        self.assertEqual(ambassador.created_by, self.coordinator)

    def test_errors_are_shown_next_to_fields_and_typed_input_is_kept(self):
        response = self.client.post(
            "/ambassadors/new/", self.form_data(national_code="1234567890", birth_date="1340/13/40", first_name="کاوه")
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Ambassador.objects.exists())
        html = response.content.decode()
        self.assertIn('id="id_national_code_error"', html)
        self.assertIn('id="id_birth_date_error"', html)
        self.assertIn('value="کاوه"', html)
        self.assertIn('value="1234567890"', html)
        self.assertIn('value="1340/13/40"', html)
        self.assertIn('aria-invalid="true"', html)

    def test_duplicate_national_code_is_refused_with_a_message(self):
        make_ambassador(self.province, national_code="0013542419")
        response = self.client.post("/ambassadors/new/", self.form_data())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Ambassador.objects.count(), 1)
        self.assertTrue(response.context["form"].errors["national_code"])

    def test_county_must_be_in_the_province(self):
        isfahan_county = make_county(make_province("10"))
        response = self.client.post("/ambassadors/new/", self.form_data(county=isfahan_county.pk))
        self.assertEqual(response.status_code, 200)
        self.assertIn("county", response.context["form"].errors)

    def test_coordinator_cannot_pick_another_province(self):
        response = self.client.post("/ambassadors/new/", self.form_data(province=make_province("10").pk))
        self.assertEqual(response.status_code, 200)
        self.assertIn("province", response.context["form"].errors)

    def test_deactivate_asks_for_a_reason_and_can_be_undone(self):
        ambassador = make_ambassador(self.province, status=AmbassadorStatus.ACTIVE)
        response = self.client.post(f"/ambassadors/{ambassador.pk}/deactivate/", {"reason": ""})
        self.assertEqual(response.status_code, 200)
        ambassador.refresh_from_db()
        self.assertEqual(ambassador.status, AmbassadorStatus.ACTIVE)
        self.client.post(f"/ambassadors/{ambassador.pk}/deactivate/", {"reason": "بیماری"})
        ambassador.refresh_from_db()
        self.assertEqual(ambassador.status, AmbassadorStatus.INACTIVE)
        self.client.post(f"/ambassadors/{ambassador.pk}/activate/", {})
        ambassador.refresh_from_db()
        self.assertEqual(ambassador.status, AmbassadorStatus.ACTIVE)


class AmbassadorSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.user = make_user(Role.AMBASSADOR, cls.province)
        cls.target = make_ambassador(cls.province, first_name="علی" + "رضا", last_name="نیک" + ZWNJ + "پور", mobile="09351112233")
        cls.other = make_ambassador(cls.province, first_name="کامران", last_name="شریفی")

    def search(self, query):
        sign_in(self.client, self.user)
        response = self.client.get("/ambassadors/", {"q": query})
        return [row.record for row in response.context["table"].rows]

    def test_arabic_yeh_and_kaf_match_persian(self):
        self.assertEqual(self.search("علي"), [self.target])
        self.assertEqual(self.search("كامران"), [self.other])

    def test_half_space_and_space_do_not_matter(self):
        self.assertEqual(self.search("نیکپور"), [self.target])
        self.assertEqual(self.search("نیک پور"), [self.target])
        self.assertEqual(self.search("علی رضا نیک‌پور"), [self.target])

    def test_persian_digits_find_ascii_numbers(self):
        # A whole mobile, by a role that sees it in clear (tests/test_personal_search.py: no parts).
        self.user = make_user(Role.COORDINATOR, self.province)
        self.assertEqual(self.search("۰۹۳۵۱۱۱۲۲۳۳"), [self.target])

    def test_search_through_the_api_uses_the_same_filter(self):
        response = self.client.get("/api/ambassadors", {"q": "علي"}, headers=bearer(self.user))
        self.assertEqual([item["id"] for item in response.json()["items"]], [self.target.pk])


class AmbassadorAreaScopeTests(TestCase):
    def test_area_restricted_ambassador_sees_only_their_areas(self):
        province = make_province("23")
        health, family = Area.objects.get(slug="health"), Area.objects.get(slug="family")
        in_health = make_ambassador(province)
        in_health.areas.set([health])
        in_family = make_ambassador(province)
        in_family.areas.set([family])
        no_area = make_ambassador(province)
        viewer = make_user(Role.AMBASSADOR, province, areas=[health])
        visible = set(Ambassador.objects.visible_to(viewer))
        self.assertEqual(visible, {in_health, no_area})
        sign_in(self.client, viewer)
        self.assertEqual(self.client.get(f"/ambassadors/{in_family.pk}/").status_code, 404)


class AmbassadorPrivacyTests(TestCase):
    def test_ambassadors_see_colleagues_codes_masked(self):
        province = make_province("23")
        colleague = make_ambassador(province, national_code="0013542419", mobile="09121234567")
        viewer = make_user(Role.AMBASSADOR, province)
        sign_in(self.client, viewer)
        html = self.client.get(f"/ambassadors/{colleague.pk}/").content.decode()
        self.assertNotIn("0013542419", html)
        self.assertIn("******۲۴۱۹", html)
        data = self.client.get(f"/api/ambassadors/{colleague.pk}", headers=bearer(viewer)).json()
        self.assertEqual(data["national_code"], "******2419")
        coordinator = make_user(Role.COORDINATOR, province)
        data = self.client.get(f"/api/ambassadors/{colleague.pk}", headers=bearer(coordinator)).json()
        self.assertEqual(data["national_code"], "0013542419")


class AmbassadorExportTests(TestCase):
    def test_export_is_a_right_to_left_sheet_with_jalali_dates(self):
        province = make_province("23")
        make_ambassador(province, first_name="=HYPERLINK(1)", joined_on=datetime.date(2026, 11, 26), status="active")
        coordinator = make_user(Role.COORDINATOR, province)
        sign_in(self.client, coordinator)
        response = self.client.get("/ambassadors/", {"export": "xlsx", "status": "active"})
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        rows = xlsx_cells(response.content)
        self.assertEqual(len(rows), 2)
        self.assertTrue(rows[1][0].startswith("'="))
        self.assertIn("۱۴۰۵/۰۹/۰۵", rows[1])
        from audit.models import AuditEntry

        self.assertTrue(AuditEntry.objects.filter(additional_data__event="export", actor=coordinator).exists())

    def test_ambassador_role_cannot_export(self):
        viewer = make_user(Role.AMBASSADOR, make_province("23"))
        sign_in(self.client, viewer)
        self.assertEqual(self.client.get("/ambassadors/", {"export": "xlsx"}).status_code, 403)


class AmbassadorApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def test_validation_errors_are_422_with_field_locations(self):
        response = self.client.post(
            "/api/ambassadors",
            {"first_name": "a", "last_name": "b", "national_code": "123", "gender": "male", "province": self.province.pk},
            content_type="application/json",
            headers=bearer(self.coordinator),
        )
        self.assertEqual(response.status_code, 422)
        locations = [item["loc"][-1] for item in response.json()["detail"]]
        self.assertIn("national_code", locations)

    def test_patch_changes_only_what_is_sent(self):
        ambassador = make_ambassador(self.province, expertise="قدیمی")
        ambassador.areas.set([Area.objects.get(slug="health")])
        response = self.client.patch(
            f"/api/ambassadors/{ambassador.pk}", {"notes": "یادداشت"}, content_type="application/json", headers=bearer(self.coordinator)
        )
        self.assertEqual(response.status_code, 200, response.content)
        ambassador.refresh_from_db()
        self.assertEqual(ambassador.notes, "یادداشت")
        self.assertEqual(ambassador.expertise, "قدیمی")
        self.assertEqual(list(ambassador.areas.values_list("slug", flat=True)), ["health"])

    def test_deactivate_twice_is_a_409_and_changes_nothing(self):
        ambassador = make_ambassador(self.province, status="active")
        headers = bearer(self.coordinator)
        url = f"/api/ambassadors/{ambassador.pk}/deactivate"
        self.assertEqual(self.client.post(url, {"reason": "x"}, content_type="application/json", headers=headers).status_code, 200)
        response = self.client.post(url, {"reason": "y"}, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(response.json()["detail"])

    def test_schema_documents_validation_errors(self):
        schema = self.client.get("/api/openapi.json").json()
        create = schema["paths"]["/api/ambassadors"]["post"]
        self.assertIn("422", create["responses"])
        self.assertIn("401", create["responses"])
        self.assertIn("bearer", str(schema["components"]["securitySchemes"]).lower())
        listing = schema["paths"]["/api/ambassadors"]["get"]
        self.assertIn("q", [param["name"] for param in listing["parameters"]])


class IssueTokenApiTests(TestCase):
    def test_token_from_the_command_lists_only_the_owners_province(self):
        from io import StringIO

        from django.core.management import call_command

        tehran, isfahan = make_province("23"), make_province("10")
        own = make_ambassador(tehran)
        other = make_ambassador(isfahan)
        make_user(Role.COORDINATOR, tehran, username="tehran.api")
        out = StringIO()
        call_command("issue_token", "tehran.api", stdout=out)
        headers = {"Authorization": f"Bearer {out.getvalue().strip()}"}
        listing = self.client.get("/api/ambassadors", headers=headers)
        self.assertEqual(listing.status_code, 200)
        self.assertEqual([item["id"] for item in listing.json()["items"]], [own.pk])
        self.assertEqual(listing.json()["count"], 1)
        self.assertEqual(self.client.get(f"/api/ambassadors/{other.pk}", headers=headers).status_code, 404)
        self.assertEqual(self.client.get("/api/ambassadors").status_code, 401)
