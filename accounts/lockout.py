"""Sign-in lockout beyond django-axes' defaults (issue 13).

- Per account, not only per account and address: an attacker with many addresses gets
  AXES_FAILURE_LIMIT tries per account per wait, not that many per address.
- Growing waits: AXES_COOLOFF_MINUTES after the first lockout of an account, doubling with
  each further round of failures, at most SAFIRAN_LOCKOUT_MAX_HOURS.
- The client address is the one the trusted proxy saw (core.middleware.TrustedProxyMiddleware),
  never a header the client can set.
"""
from datetime import timedelta

from django.conf import settings
from django.db.models import Sum


def _username(request) -> str:
    credentials = getattr(request, "axes_credentials", None) or {}
    username = credentials.get("username") if isinstance(credentials, dict) else None
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    return (username or "").strip()


def cool_off(request=None) -> timedelta:
    base = timedelta(minutes=settings.SAFIRAN_LOCKOUT_BASE_MINUTES)
    username = _username(request) if request is not None else ""
    if not username:
        return base
    from axes.models import AccessAttempt

    failures = AccessAttempt.objects.filter(username=username).aggregate(total=Sum("failures_since_start"))["total"] or 0
    rounds = max(0, failures // max(settings.AXES_FAILURE_LIMIT, 1) - 1)
    return min(base * 2 ** min(rounds, 16), timedelta(hours=settings.SAFIRAN_LOCKOUT_MAX_HOURS))
