import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, User
from accounts.testing import PASSWORD, current_code, make_user, sign_in
from core.roles import Role
from geo.testing import make_province

BASE_DIR = Path(settings.BASE_DIR)


class LoginTests(TestCase):
    def test_login_page_is_persian_and_right_to_left(self):
        response = self.client.get("/accounts/login/")
        self.assertContains(response, 'dir="rtl"')
        self.assertContains(response, 'lang="fa"')

    def test_passwords_are_hashed_with_argon2_in_production_settings(self):
        # Tests use a fast hasher; production settings put Argon2 first.
        source = (BASE_DIR / "safiran" / "settings.py").read_text()
        self.assertIn('"accounts.hashers.SafiranArgon2PasswordHasher",\n    "django.contrib.auth.hashers.PBKDF2', source)
        from django.contrib.auth.hashers import Argon2PasswordHasher

        from accounts.hashers import SafiranArgon2PasswordHasher

        self.assertTrue(issubclass(SafiranArgon2PasswordHasher, Argon2PasswordHasher))  # issue 14: a tuned cost

    def test_lockout_after_repeated_failures(self):
        make_user(Role.COORDINATOR, username="lockme")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.client.post("/accounts/login/", {"username": "lockme", "password": "wrong"})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Caps Lock", status_code=200)
        response = self.client.post("/accounts/login/", {"username": "lockme", "password": "wrong"})
        self.assertEqual(response.status_code, 429)
        # Even the right password is refused while locked.
        response = self.client.post("/accounts/login/", {"username": "lockme", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)

    def test_lockout_page_names_the_configured_wait(self):
        from datetime import timedelta

        make_user(Role.COORDINATOR, username="waiter")
        with override_settings(AXES_COOLOFF_TIME=timedelta(minutes=30)):
            for _ in range(settings.AXES_FAILURE_LIMIT):
                response = self.client.post("/accounts/login/", {"username": "waiter", "password": "wrong"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "۳۰ دقیقه", status_code=429)

    def test_coordinator_signs_in_without_second_step(self):
        make_user(Role.COORDINATOR, username="coord")
        response = self.client.post("/accounts/login/", {"username": "coord", "password": PASSWORD})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/").status_code, 200)


class SecondFactorTests(TestCase):
    def test_manager_must_enrol_then_verify(self):
        manager = make_user(Role.PROVINCIAL_MANAGER, username="manager")
        self.client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
        response = self.client.get("/ambassadors/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/otp/enrol/"))
        # The API does not accept the half-signed-in session either.
        self.assertEqual(self.client.get("/api/ambassadors").status_code, 401)
        page = self.client.get(response["Location"])
        self.assertContains(page, "<svg")
        device = TOTPDevice.objects.get(user=manager, confirmed=False)
        self.assertContains(self.client.post("/accounts/otp/enrol/", {"token": "000000"}), "invalid-feedback")
        device.refresh_from_db()
        device.throttle_reset()  # wrong codes slow the next try down; skip the wait
        response = self.client.post("/accounts/otp/enrol/", {"token": current_code(device), "next": "/ambassadors/"})
        self.assertRedirects(response, "/ambassadors/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/ambassadors/").status_code, 200)
        # Next sign-in asks for the code.
        self.client.logout()
        self.client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
        self.assertTrue(self.client.get("/").headers["Location"].startswith("/accounts/otp/verify/"))
        device.refresh_from_db()
        # A used code cannot be replayed: take the next period's code, typed on a Persian keyboard.
        code = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in current_code(device, drift=1))
        response = self.client.post("/accounts/otp/verify/", {"token": code})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_a_throttled_code_says_how_long_to_wait(self):
        manager = make_user(Role.PROVINCIAL_MANAGER, username="manager")
        device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
        self.client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
        self.client.post("/accounts/otp/verify/", {"token": "000000"})
        # Typed again at once, even the right code waits: one wrong code costs a second, not "a minute".
        response = self.client.post("/accounts/otp/verify/", {"token": current_code(device)})
        self.assertContains(response, "۱ ثانیه صبر کنید")
        self.assertFalse(response.wsgi_request.user.is_verified())
        # Wrong codes in a row double the wait: after eight, about two minutes.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=8, throttling_failure_timestamp=timezone.now())
        response = self.client.post("/accounts/otp/verify/", {"token": current_code(device)})
        self.assertContains(response, "۳ دقیقه صبر کنید")  # 128 s, rounded up to whole minutes

    def test_demo_command_prints_the_current_code(self):
        admin = make_user(Role.NATIONAL_ADMIN, username="demo-admin")
        device = TOTPDevice.objects.create(user=admin, name="demo", confirmed=True)
        out = StringIO()
        call_command("otp_code", "demo-admin", stdout=out, stderr=StringIO())
        self.assertEqual(out.getvalue().strip(), current_code(device))


class TokenTests(TestCase):
    def test_issue_token_command_and_bearer_auth(self):
        tehran, isfahan = make_province("23"), make_province("10")
        user = make_user(Role.COORDINATOR, tehran, username="api-user")
        out = StringIO()
        call_command("issue_token", "api-user", stdout=out)
        key = out.getvalue().strip()
        self.assertTrue(key.startswith("sfr_"))
        self.assertFalse(ApiToken.objects.filter(key_hash=key).exists())  # only the hash is stored
        response = self.client.get("/api/provinces", headers={"Authorization": f"Bearer {key}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p["id"] for p in response.json()["items"]], [tehran.pk])
        self.assertEqual(self.client.get(f"/api/provinces/{isfahan.pk}", headers={"Authorization": f"Bearer {key}"}).status_code, 404)
        user.is_active = False
        user.save()
        self.assertEqual(self.client.get("/api/provinces", headers={"Authorization": f"Bearer {key}"}).status_code, 401)

    def test_tokens_are_created_and_revoked_on_the_profile_page(self):
        user = make_user(Role.AMBASSADOR)
        sign_in(self.client, user)
        self.client.post("/accounts/profile/tokens/new/", {"name": "spreadsheet"})
        page = self.client.get("/accounts/profile/").content.decode()
        token = ApiToken.objects.get(user=user)
        key = page.split('new-token">')[1].split("<")[0]
        self.assertEqual(ApiToken.hash_key(key), token.key_hash)
        self.assertNotIn(key, self.client.get("/accounts/profile/").content.decode())  # shown once
        self.client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
        self.assertEqual(self.client.get("/api/areas", headers={"Authorization": f"Bearer {key}"}).status_code, 401)


class UserManagementTests(TestCase):
    def test_manager_creates_coordinator_in_own_province_only(self):
        tehran = make_province("23")
        manager = make_user(Role.PROVINCIAL_MANAGER, tehran)
        sign_in(self.client, manager)
        data = {
            "username": "new.coord", "first_name": "نسرین", "last_name": "کاظمي", "role": Role.COORDINATOR,
            "province": tehran.pk, "is_active": "on", "password1": "a-long-pass-1405", "password2": "a-long-pass-1405",
        }
        self.assertEqual(self.client.post("/accounts/users/new/", data).status_code, 302)
        created = User.objects.get(username="new.coord")
        self.assertEqual(created.last_name, "کاظمی")
        self.assertTrue(created.check_password("a-long-pass-1405"))
        # No promotion to national admin, no other province.
        response = self.client.post("/accounts/users/new/", {**data, "username": "x", "role": Role.NATIONAL_ADMIN})
        self.assertIn("role", response.context["form"].errors)
        response = self.client.post("/accounts/users/new/", {**data, "username": "y", "province": make_province("10").pk})
        self.assertIn("province", response.context["form"].errors)

    def test_password_rules_are_shown_and_said_in_persian(self):
        tehran = make_province("23")
        sign_in(self.client, make_user(Role.PROVINCIAL_MANAGER, tehran))
        page = self.client.get("/accounts/users/new/")
        self.assertContains(page, "دست‌کم ۱۰ نویسه باشد.")  # before the first try
        data = {"username": "nasrin.k", "first_name": "نسرین", "last_name": "کاظمی", "role": Role.COORDINATOR,
                "province": tehran.pk, "is_active": "on"}
        response = self.client.post("/accounts/users/new/", {**data, "password1": "1234", "password2": "1234"})
        errors = response.context["form"].errors["password1"]
        self.assertIn("این رمز عبور کوتاه است: دست‌کم ۱۰ نویسه لازم است.", errors)
        self.assertIn("این رمز عبور فقط از رقم ساخته شده است؛ حرف هم به آن اضافه کنید.", errors)
        self.assertFalse(User.objects.filter(username="nasrin.k").exists())

    def test_a_new_users_password_may_not_resemble_their_username(self):
        # Checked against what was typed on the form, not an empty account.
        tehran = make_province("23")
        sign_in(self.client, make_user(Role.PROVINCIAL_MANAGER, tehran))
        data = {"username": "nasrin.kazemi", "first_name": "نسرین", "last_name": "کاظمی", "role": Role.COORDINATOR,
                "province": tehran.pk, "is_active": "on", "password1": "nasrin.kazemi1", "password2": "nasrin.kazemi1"}
        response = self.client.post("/accounts/users/new/", data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("password1", response.context["form"].errors)
        self.assertFalse(User.objects.filter(username="nasrin.kazemi").exists())

    def test_coordinator_cannot_edit_the_manager(self):
        tehran = make_province("23")
        manager = make_user(Role.PROVINCIAL_MANAGER, tehran)
        coordinator = make_user(Role.COORDINATOR, tehran)
        sign_in(self.client, coordinator)
        self.assertEqual(self.client.get(f"/accounts/users/{manager.pk}/edit/").status_code, 404)

    def test_non_admin_roles_need_a_province(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post(
            "/accounts/users/new/",
            {"username": "p", "role": Role.COORDINATOR, "password1": "a-long-pass-1405", "password2": "a-long-pass-1405"},
        )
        self.assertIn("province", response.context["form"].errors)


class LanguageTests(TestCase):
    def test_persian_even_when_the_browser_asks_for_english(self):
        response = self.client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertContains(response, 'lang="fa"')

    def test_english_is_available_from_the_switch(self):
        user = make_user(Role.COORDINATOR)
        sign_in(self.client, user)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = self.client.get("/")
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, 'dir="ltr"')


class DeploySettingsTests(TestCase):
    def test_production_settings_pass_check_deploy(self):
        env = {
            **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 20 + "a-sufficiently-long-and-random-secret-key-for-checks-1405",
            "SAFIRAN_DATA_KEY": "y" * 20 + "a-data-key-for-checks-1405",
            "ALLOWED_HOSTS": "safiran.example.ir",
            "PAYESH_TAG_AUTHORITY": "payesh.example.ir",
            "DATABASE_URL": "sqlite:////tmp/safiran-check.sqlite3",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)


class RolesDocTests(TestCase):
    def test_docs_matrix_matches_the_code(self):
        from accounts.roles_doc import MATRIX_END, MATRIX_START, roles_matrix_markdown

        doc = (BASE_DIR / "docs" / "roles-and-scope.md").read_text()
        embedded = doc.split(MATRIX_START)[1].split(MATRIX_END)[0].strip()
        self.assertEqual(embedded, roles_matrix_markdown().strip(), "run `manage.py roles_matrix` and update the doc")


class DemoLoginsTests(TestCase):
    def test_demo_accounts_are_listed_only_in_demo_mode(self):
        make_user(Role.COORDINATOR, make_province(), username="tehran.coordinator", email="c@example.org")
        self.assertEqual(self.client.get("/accounts/demo/").status_code, 404)
        self.assertNotContains(self.client.get("/accounts/login/"), "/accounts/demo/")
        with self.settings(SAFIRAN_DEMO=True):
            self.assertContains(self.client.get("/accounts/login/"), "/accounts/demo/")
            page = self.client.get("/accounts/demo/")
            self.assertContains(page, "tehran.coordinator")
            self.assertContains(page, "Safiran-1405")


class TextSizeTests(TestCase):
    def test_text_size_is_remembered_on_the_account_and_grows_the_page(self):
        user = make_user(Role.AMBASSADOR, make_province())
        sign_in(self.client, user)
        page = self.client.get("/")
        self.assertContains(page, 'name="text_size" value="125"')
        self.assertNotContains(page, "text-size-125")
        response = self.client.post("/accounts/text-size/", {"text_size": "125", "next": "/meetings/"})
        self.assertRedirects(response, "/meetings/", fetch_redirect_response=False)
        user.refresh_from_db()
        self.assertEqual(user.text_size, "125")
        self.assertContains(self.client.get("/"), 'class="text-size-125"')
        self.client.post("/accounts/text-size/", {"text_size": "999", "next": "https://evil.example/"})
        user.refresh_from_db()
        self.assertEqual(user.text_size, "125")
