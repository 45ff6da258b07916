"""Issue 13 (6): numbers, lists and searches from outside are bounded (4xx with a message,
never a 500); the candidate export writes its dates; API errors are JSON."""
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.testing import national_code
from geo.testing import make_province

HUGE = str(10**30)


class BoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def test_huge_page_numbers_in_the_api_are_422_with_a_message(self):
        for params in ({"page": HUGE}, {"page": "0"}, {"page_size": "0"}, {"page": "x"}):
            with self.subTest(params=params):
                response = self.client.get("/api/ambassadors", params, headers=bearer(self.admin))
                self.assertEqual(response.status_code, 422)
                self.assertTrue(response.json()["detail"][0]["msg"])

    def test_a_huge_page_size_is_clipped(self):
        response = self.client.get("/api/ambassadors", {"page_size": HUGE}, headers=bearer(self.admin))
        self.assertEqual(response.status_code, 200)

    def test_pydantic_messages_are_persian(self):
        response = self.client.get("/api/ambassadors", {"page": HUGE}, headers=bearer(self.admin))
        self.assertIn("عدد", response.json()["detail"][0]["msg"])

    def test_huge_ids_in_addresses_and_lists_are_refused_not_500(self):
        sign_in(self.client, self.admin)
        for url in (f"/meetings/followups/?meeting={HUGE}", f"/geo/counties/options/?province={HUGE}",
                    f"/partners/interactions/new/?organization={HUGE}", f"/ambassadors/?page={HUGE}"):
            with self.subTest(url=url):
                self.assertLess(self.client.get(url).status_code, 500)
        payload = {"first_name": "a", "last_name": "b", "national_code": national_code(), "gender": "male",
                   "province": self.province.pk}
        for areas in ([int(HUGE)], list(range(1, 5000))):
            response = self.client.post("/api/ambassadors", {**payload, "areas": areas}, content_type="application/json",
                                        headers=bearer(self.admin))
            self.assertEqual(response.status_code, 422)
            self.assertEqual(response.json()["detail"][0]["loc"][-1], "areas")

    def test_api_errors_are_json(self):
        headers = bearer(self.admin)
        for url, status in ((f"/api/ambassadors/{HUGE}", 404), ("/api/ambassadors/abc", 404), ("/api/nothing-here", 404)):
            with self.subTest(url=url):
                response = self.client.get(url, headers=headers)
                self.assertEqual(response.status_code, status)
                self.assertTrue(response["Content-Type"].startswith("application/json"))
                self.assertIn("detail", response.json())

    def test_candidate_export_writes_its_dates(self):
        from recruitment.models import Candidate
        from retirees.testing import make_retiree

        area = __import__("areas.models", fromlist=["Area"]).Area.objects.first()
        Candidate.objects.create(retiree=make_retiree(self.province), area=area, province=self.province, kind="retiree")
        sign_in(self.client, self.admin)
        response = self.client.get("/recruitment/", {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        from core.testing import xlsx_cells

        self.assertRegex(str(xlsx_cells(response.content)[1]), r"۱[۳۴][۰-۹][۰-۹]/")


class TextLengthTests(TestCase):
    def test_a_200000_character_text_is_refused_on_page_and_api(self):
        province = make_province("23")
        coordinator = make_user(Role.COORDINATOR, province)
        payload = {"first_name": "a", "last_name": "b", "national_code": national_code(), "gender": "male",
                   "province": province.pk, "expertise": "x" * 200_000}
        response = self.client.post("/api/ambassadors", payload, content_type="application/json",
                                    headers=bearer(coordinator))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "expertise")
        sign_in(self.client, coordinator)
        response = self.client.post("/ambassadors/new/", {**payload, "status": "candidate"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("expertise", response.context["form"].errors)
        from ambassadors.models import Ambassador

        self.assertFalse(Ambassador.objects.exists())
