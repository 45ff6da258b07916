"""Issue 14: sign-in costs a documented Argon2id budget; older hashes upgrade at sign-in; the
lockout still holds with the production hasher."""
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.test import TestCase, override_settings

from accounts.hashers import SafiranArgon2PasswordHasher
from accounts.models import User
from accounts.testing import PASSWORD, make_user
from core.roles import Role
from geo.testing import make_province

PRODUCTION_HASHERS = ["accounts.hashers.SafiranArgon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def parameters(encoded: str):
    params = SafiranArgon2PasswordHasher().decode(encoded)
    return params["time_cost"], params["memory_cost"], params["parallelism"]


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
class PasswordCostTests(TestCase):
    def test_the_production_hasher_is_argon2id_at_the_documented_cost(self):
        self.assertEqual(settings.PASSWORD_HASHERS[0], "accounts.hashers.SafiranArgon2PasswordHasher")
        encoded = make_password(PASSWORD)
        self.assertTrue(encoded.startswith("argon2$argon2id$"))
        self.assertEqual(parameters(encoded), (2, 19 * 1024, 1))

    def test_a_hash_made_at_the_old_cost_verifies_and_is_upgraded_at_sign_in(self):
        user = make_user(Role.COORDINATOR, make_province("23"), username="older")
        user.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())  # Django's 100 MiB, 8 lanes
        user.save(update_fields=["password"])
        self.assertEqual(parameters(user.password), (2, 102400, 8))
        response = self.client.post("/accounts/login/", {"username": "older", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        user.refresh_from_db()
        self.assertIsInstance(identify_hasher(user.password), SafiranArgon2PasswordHasher)
        self.assertEqual(parameters(user.password), (2, 19 * 1024, 1))

    def test_lockout_still_holds(self):
        make_user(Role.COORDINATOR, make_province("23"), username="target")
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            response = self.client.post("/accounts/login/", {"username": "target", "password": "wrong"})
        self.assertEqual(response.status_code, 429)
        response = self.client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertFalse(User.objects.get(username="target").last_login)
