import logging
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

log = logging.getLogger("django.request")


class PersianFirstLocaleMiddleware:
    """Persian unless the person chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many browsers
    in Iran say English: Safiran is Persian first, so only the switch's cookie counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ErrorShapeMiddleware:
    """A number from outside that no check caught (an id beyond the database's integers) is the
    client's error: 400 with a Persian message, never a 500. Under /api/ every error is JSON
    `{"detail": …}`, as the schema documents, also an unexpected one (500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # An address no endpoint matches (`/api/ambassadors/abc`), a CSRF refusal…: JSON too.
            messages = {404: _("Not found."), 403: _("You do not have permission for this action."),
                        405: _("This method is not allowed here.")}
            detail = str(messages.get(response.status_code, response.reason_phrase))
            return JsonResponse({"detail": detail}, status=response.status_code)
        return response

    def process_exception(self, request, exception):
        api = request.path.startswith("/api/")
        if isinstance(exception, OverflowError) or (isinstance(exception, DataError) and "out of range" in str(exception)):
            message = _("A number in the request is too large. Check the address or the form and try again.")
            if api:
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        if api and not settings.DEBUG:
            # As Django would for an unhandled error (logged, and seen by the test client), but JSON.
            got_request_exception.send(sender=None, request=request)
            log.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500})
            return JsonResponse({"detail": _("Server error. It has been logged; try again later.")}, status=500)
        return None


class ContentSecurityPolicyMiddleware:
    """`Content-Security-Policy` on every answer (settings.CONTENT_SECURITY_POLICY): scripts only
    from our own static files (the vendored ones included, no CDN, no inline script or handler)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class TrustedProxyMiddleware:
    """The client's address from the trusted proxy, for everything after (lockout, audit log).

    With TRUSTED_PROXY_COUNT = n > 0, REMOTE_ADDR becomes the address the n-th proxy from us
    appended to X-Forwarded-For (entries to its left were written by the client and are not
    trusted). X-Forwarded-For is then removed, so no later reader (auditlog takes its first,
    client-written entry) can be misled."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)

    def __call__(self, request):
        forwarded = request.META.pop("HTTP_X_FORWARDED_FOR", "")
        if self.count > 0 and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if len(hops) >= self.count:
                request.META["REMOTE_ADDR"] = hops[-self.count]
        return self.get_response(request)


class PersonalReadAuditMiddleware:
    """One audit row per request and model for personal values given out in clear (pages and
    API alike), listing the records: `<model>_personal_read` (core.privacy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .privacy import collecting_reads

        with collecting_reads() as reads:
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if reads.permissions and response.status_code < 400 and getattr(user, "is_authenticated", False):
            from .audit import audit_personal_read

            for model, records, fields in reads.revealed():
                audit_personal_read(model, records, fields, user, request)
        return response


class SessionRenewalMiddleware:
    """Sessions renew on use (forms never time out), but are written at most once every
    `SESSION_RENEW_SECONDS` instead of on every request: a page view then costs no database
    write (issue 14). Sits just after SessionMiddleware."""

    KEY = "_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or not session.session_key:
            return response
        now = int(time.time())
        try:
            renewed = int(session.get(self.KEY, 0))
        except (TypeError, ValueError):
            renewed = 0
        if now - renewed >= settings.SESSION_RENEW_SECONDS and not session.is_empty():
            session[self.KEY] = now  # marks it modified: SessionMiddleware saves it, cookie renewed
        return response
