"""The header's search box (core.views.SiteSearchView over core.registry searchers): what the
reader may see, through each model's filter set: scope, Persian folding, and personal fields
only by a whole value, only for roles that see them in clear."""
from django.test import TestCase

from accounts.testing import make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province
from partners.testing import make_organization

CODE = "0013542419"


class SiteSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.ours = make_organization(cls.tehran, name="اداره کل بهزیستی استان تهران")
        cls.theirs = make_organization(cls.isfahan, name="اداره کل بهزیستی استان اصفهان")
        cls.person = make_ambassador(cls.tehran, first_name="یاسمن", last_name="کریمی", national_code=CODE)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.tehran)

    def search(self, user, query):
        sign_in(self.client, user)
        return self.client.get("/search/", {"q": query})

    def test_finds_across_lists_in_scope_only(self):
        page = self.search(self.coordinator, "بهزيستي")  # Arabic yeh typed
        self.assertContains(page, self.ours.get_absolute_url())
        self.assertNotContains(page, self.theirs.get_absolute_url())
        self.assertContains(page, "سازمان")  # grouped under its kind

    def test_personal_fields_by_whole_value_for_roles_that_see_them(self):
        self.assertContains(self.search(self.coordinator, CODE), self.person.get_absolute_url())
        self.assertNotContains(self.search(self.coordinator, CODE[-4:]), self.person.get_absolute_url())
        self.assertNotContains(self.search(self.ambassador, CODE), self.person.get_absolute_url())

    def test_the_box_is_in_the_header_and_says_when_nothing_matches(self):
        page = self.search(self.coordinator, "هیچ‌چیز چنین")
        self.assertContains(page, 'id="site-search"')
        self.assertContains(page, "چیزی با «هیچ‌چیز چنین» جور نیست")
        self.assertContains(self.search(self.coordinator, "x" * 101), "role=\"alert\"")

    def test_matches_are_counted_up_to_a_hundred(self):
        from core.views import SiteSearchView

        for number in range(3):
            make_organization(self.tehran, name=f"کانون بازنشستگان شمارهٔ {number}")
        original = SiteSearchView.COUNTED
        SiteSearchView.COUNTED = 2  # as if more than a hundred matched
        try:
            page = self.search(self.coordinator, "کانون بازنشستگان")
        finally:
            SiteSearchView.COUNTED = original
        group = page.context["groups"][0]
        self.assertEqual((group["count"], group["more"], len(group["rows"])), (2, True, 3))
        self.assertContains(page, "۲+")
        self.assertContains(page, "بیش از ۲ مورد: همه در فهرست")
        page = self.search(self.coordinator, "کانون بازنشستگان")
        self.assertEqual((page.context["groups"][0]["count"], page.context["groups"][0]["more"]), (3, False))
