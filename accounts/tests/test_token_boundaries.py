"""Issue 13 (5): an API token is for /api/ only; minting a token needs a session past its second step."""
from django.test import TestCase
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken
from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from geo.testing import make_province


class TokenBoundaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def test_token_does_not_open_html_pages(self):
        headers = bearer(self.manager)
        response = self.client.get("/ambassadors/", headers=headers)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        profile = self.client.get("/accounts/profile/", headers=headers)
        self.assertEqual(profile.status_code, 302)

    def test_token_cannot_mint_tokens(self):
        headers = bearer(self.coordinator)
        response = self.client.post("/accounts/profile/tokens/new/", {"name": "more"}, headers=headers)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertEqual(ApiToken.objects.filter(user=self.coordinator).count(), 1)

    def test_token_still_works_on_the_api(self):
        response = self.client.get("/api/ambassadors", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200)

    def test_token_creation_needs_the_second_step(self):
        # A signed-in manager who has not passed TOTP (only the password) cannot mint a token.
        TOTPDevice.objects.create(user=self.manager, name="phone", confirmed=True)
        self.client.force_login(self.manager)
        self.client.post("/accounts/profile/tokens/new/", {"name": "x"})
        self.assertFalse(ApiToken.objects.filter(user=self.manager).exists())

    def test_optional_second_step_is_required_once_enrolled(self):
        TOTPDevice.objects.create(user=self.coordinator, name="phone", confirmed=True)
        self.client.force_login(self.coordinator)
        self.client.post("/accounts/profile/tokens/new/", {"name": "x"})
        self.assertFalse(ApiToken.objects.filter(user=self.coordinator).exists())

    def test_verified_session_creates_a_token(self):
        sign_in(self.client, self.manager)
        self.client.post("/accounts/profile/tokens/new/", {"name": "x"})
        self.assertTrue(ApiToken.objects.filter(user=self.manager).exists())
