"""Factories and sign-in helpers for tests: users of every role, second step, tokens."""
import itertools

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role
from geo.testing import make_province

from .models import ApiToken, User

_serial = itertools.count(1)


PASSWORD = "correct-horse-battery-1405"


def make_user(role=Role.COORDINATOR, province=None, *, username=None, areas=(), **extra) -> User:
    username = username or f"{role}-{next(_serial)}"
    if province is None and role != Role.NATIONAL_ADMIN:
        province = make_province()
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, province=province, **extra)
    if areas:
        user.areas.set(areas)
    return user


def sign_in(client, user):
    """Sign in, passing the second factor for roles that need it."""
    client.force_login(user)
    if user.requires_otp:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def bearer(user) -> dict:
    _token, key = ApiToken.issue(user, "test")
    return {"Authorization": f"Bearer {key}"}


def current_code(device, drift=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"
