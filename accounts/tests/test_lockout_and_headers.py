"""Issue 13 (7): lockout per account (many addresses do not help) with growing waits; the client
address from the trusted proxy only; a Content-Security-Policy that the pages satisfy."""
import re
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings

from accounts.lockout import cool_off
from accounts.testing import PASSWORD, make_user, sign_in
from core.middleware import TrustedProxyMiddleware
from core.roles import Role
from geo.testing import make_province


class LockoutTests(TestCase):
    def test_many_addresses_do_not_escape_the_account_limit(self):
        make_user(Role.COORDINATOR, username="target")
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            response = self.client.post("/accounts/login/", {"username": "target", "password": "wrong"},
                                        REMOTE_ADDR=f"10.0.0.{attempt + 1}", HTTP_X_FORWARDED_FOR=f"8.8.{attempt}.1")
        self.assertEqual(response.status_code, 429)
        response = self.client.post("/accounts/login/", {"username": "target", "password": PASSWORD},
                                    REMOTE_ADDR="10.0.0.200")
        self.assertEqual(response.status_code, 429)

    def test_waits_grow_with_each_round_of_failures(self):
        from axes.models import AccessAttempt

        request = RequestFactory().post("/accounts/login/", {"username": "slow"})
        base = timedelta(minutes=settings.SAFIRAN_LOCKOUT_BASE_MINUTES)
        self.assertEqual(cool_off(request), base)
        attempt = AccessAttempt.objects.create(username="slow", ip_address="10.0.0.1", user_agent="x",
                                               failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="")
        self.assertEqual(cool_off(request), base)
        attempt.failures_since_start = 3 * settings.AXES_FAILURE_LIMIT
        attempt.save()
        self.assertEqual(cool_off(request), base * 4)
        attempt.failures_since_start = 1000
        attempt.save()
        self.assertEqual(cool_off(request), timedelta(hours=settings.SAFIRAN_LOCKOUT_MAX_HOURS))


class TrustedProxyTests(TestCase):
    def address(self, count, **meta):
        seen = {}

        def view(request):
            seen.update(remote=request.META.get("REMOTE_ADDR"), forwarded=request.META.get("HTTP_X_FORWARDED_FOR"))
            return HttpResponse()

        with override_settings(TRUSTED_PROXY_COUNT=count):
            TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
        return seen

    def test_without_a_proxy_the_header_is_ignored(self):
        seen = self.address(0, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
        self.assertEqual(seen, {"remote": "203.0.113.9", "forwarded": None})

    def test_behind_one_proxy_the_address_it_appended_counts(self):
        seen = self.address(1, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
        self.assertEqual(seen, {"remote": "198.51.100.7", "forwarded": None})


class ContentSecurityPolicyTests(TestCase):
    def test_pages_carry_the_policy_and_no_inline_script(self):
        province = make_province("23")
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        make_user(Role.COORDINATOR, province)
        for url in ("/", "/ambassadors/", "/accounts/profile/", "/recruitment/board/", "/retirees/demographics/",
                    "/audit/", "/accounts/login/", "/api/docs"):
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                policy = response["Content-Security-Policy"]
                self.assertIn("script-src 'self';", policy)
                html = response.content.decode()
                inline = [tag for tag in re.findall(r"<script\b[^>]*>", html)
                          if "src=" not in tag and "application/json" not in tag]
                self.assertEqual(inline, [], url)
                self.assertIsNone(re.search(r"\son[a-z]+=\"", html), url)
