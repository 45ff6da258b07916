from django.shortcuts import redirect
from django.urls import reverse

from .models import ApiToken

# Paths a signed-in user may reach before completing the second factor.
OTP_EXEMPT_PREFIXES = ("/accounts/otp/", "/accounts/login/", "/accounts/logout/", "/i18n/", "/static/", "/api/")


API_PREFIX = "/api/"


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` signs an API request in as the token's owner.

    Only under /api/: a token never opens an HTML page (pages need the session, its second
    step and CSRF), so a leaked token cannot reach the profile page to mint more tokens.
    It runs before auditlog's middleware so API changes are attributed to that user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() == "bearer" and key.strip() and request.path.startswith(API_PREFIX):
            token = ApiToken.authenticate(key.strip())
            if token is not None:
                request.user = token.user
                request.api_token = token
                # Tokens are not sent by browsers on their own, so CSRF does not apply.
                request._dont_enforce_csrf_checks = True
            else:
                from django.contrib.auth.models import AnonymousUser

                request.user = AnonymousUser()
        return self.get_response(request)


class RequireOTPMiddleware:
    """National admins and provincial managers must pass TOTP before using any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.api_token is None
            and user.requires_otp
            and not user.is_verified()
            and not request.path.startswith(OTP_EXEMPT_PREFIXES)
        ):
            from django_otp import devices_for_user

            has_device = any(devices_for_user(user, confirmed=True))
            target = "accounts:otp_verify" if has_device else "accounts:otp_enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
