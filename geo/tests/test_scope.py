from django.test import TestCase

from accounts.choices import Role
from core.testing import ScopeChecks, make_county, make_province, make_user, sign_in
from geo.models import County, Province


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
