"""A create form sent twice (back after saving, then Save again) makes one record, and the
second send leads to it with a word that it was already saved."""
from django.test import TestCase

from accounts.testing import make_user, sign_in
from core.roles import Role
from geo.testing import make_province
from partners.models import Organization


class ResubmissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def test_the_same_form_sent_twice_creates_one_record(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get("/partners/organizations/new/")
        token = page.context["submission_token"]
        self.assertContains(page, f'name="_submission" value="{token}"')
        data = {"name": "جمعیت هلال احمر", "kind": "ngo", "province": self.province.pk, "_submission": token}
        first = self.client.post("/partners/organizations/new/", data)
        created = Organization.objects.get()
        self.assertRedirects(first, created.get_absolute_url(), fetch_redirect_response=False)
        detail = self.client.get(created.get_absolute_url())
        self.assertContains(detail, f'<meta name="saved-submission" content="{token}">')
        second = self.client.post("/partners/organizations/new/", data, follow=True)
        self.assertEqual(Organization.objects.count(), 1)
        self.assertRedirects(second, created.get_absolute_url())
        self.assertContains(second, "پیش‌تر ذخیره شده")

    def test_a_fresh_form_gets_a_fresh_token(self):
        sign_in(self.client, self.coordinator)
        first = self.client.get("/partners/organizations/new/").context["submission_token"]
        second = self.client.get("/partners/organizations/new/").context["submission_token"]
        self.assertNotEqual(first, second)
