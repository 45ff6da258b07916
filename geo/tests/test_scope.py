from django.test import TestCase

from accounts.testing import make_user, sign_in
from core.roles import Role
from core.testing import ScopeChecks
from geo.models import County, Province
from geo.testing import make_county, make_province


class ProvinceScopeTests(ScopeChecks, TestCase):
    model = Province
    allowed_role = Role.AMBASSADOR
    api_path = "/api/provinces"

    @classmethod
    def make_object(cls, province):
        return province


class CountyScopeTests(ScopeChecks, TestCase):
    model = County
    allowed_role = Role.COORDINATOR
    api_path = "/api/counties"
    collection_actions = ("list",)

    @classmethod
    def make_object(cls, province):
        return make_county(province)


class CountyEditingTests(TestCase):
    def test_national_admin_adds_a_new_county_and_provincial_roles_cannot(self):
        tehran = make_province("23")
        coordinator = make_user(Role.COORDINATOR, tehran)
        sign_in(self.client, coordinator)
        self.assertEqual(self.client.get("/geo/counties/new/").status_code, 403)
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post("/geo/counties/new/", {"province": tehran.pk, "name": "شهرستان نو", "code": "2399"})
        self.assertEqual(response.status_code, 302)
        duplicate = self.client.post("/geo/counties/new/", {"province": tehran.pk, "name": "شهرستان نو"})
        self.assertEqual(duplicate.status_code, 200)
        self.assertEqual(County.objects.filter(name="شهرستان نو").count(), 1)


class OfficialCodeTests(TestCase):
    def setUp(self):
        self.tehran = make_province("23")
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))

    def test_a_county_code_typed_in_persian_digits_is_kept_in_ascii(self):
        # Roster imports match counties by official code: "۲۳۹۹" must be stored as "2399".
        response = self.client.post("/geo/counties/new/", {"province": self.tehran.pk, "name": "شهرستان نو", "code": "۲۳۹۹"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(County.objects.get(name="شهرستان نو").code, "2399")

    def test_a_county_code_has_four_digits_and_starts_with_its_provinces(self):
        for code, message in (("239", "کد رسمی ۴ رقم است"), ("۲۳-۹", "کد رسمی ۴ رقم است"), ("1099", "۲۳")):
            with self.subTest(code=code):
                response = self.client.post("/geo/counties/new/", {"province": self.tehran.pk, "name": "شهرستان نو", "code": code})
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, " ".join(response.context["form"].errors["code"]))
        self.assertFalse(County.objects.filter(name="شهرستان نو").exists())
        # The code may be left empty until the divisions publish it.
        self.client.post("/geo/counties/new/", {"province": self.tehran.pk, "name": "شهرستان نو", "code": ""})
        self.assertIsNone(County.objects.get(name="شهرستان نو").code)

    def test_the_province_page_offers_a_new_county_in_that_province(self):
        page = self.client.get(f"/geo/provinces/{self.tehran.pk}/")
        self.assertContains(page, f'href="/geo/counties/new/?province={self.tehran.pk}"')
        form = self.client.get(f"/geo/counties/new/?province={self.tehran.pk}").context["form"]
        self.assertEqual(str(form["province"].value()), str(self.tehran.pk))


class ReferenceDataTests(TestCase):
    def test_all_provinces_and_counties_are_loaded(self):
        self.assertEqual(Province.objects.count(), 31)
        self.assertGreater(County.objects.count(), 400)
        self.assertFalse(Province.objects.filter(name__contains="ي").exists())
        self.assertFalse(County.objects.filter(name__contains="ك").exists())
        self.assertTrue(County.objects.filter(province__code="23", name="تهران").exists())

    def test_county_options_follow_the_province(self):
        tehran = make_province("23")
        isfahan = make_province("10")
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        html = self.client.get("/geo/counties/options/", {"province": isfahan.pk}).content.decode()
        self.assertIn("کاشان", html)
        self.assertNotIn("شمیرانات", html)
        # A provincial user asking for another province's counties gets none.
        sign_in(self.client, make_user(Role.COORDINATOR, tehran))
        html = self.client.get("/geo/counties/options/", {"province": isfahan.pk}).content.decode()
        self.assertNotIn("کاشان", html)
