"""Demo users: a national admin, and a manager, coordinator, ambassador and board member
in each demo province. Admins and managers get a TOTP device; `manage.py otp_code USER`
prints their current code."""
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.demo import DEMO_PROVINCES
from core.roles import Role
from geo.models import Province

from .models import User

DEMO_DEVICE_NAME = "demo"
ROLE_SUFFIXES = [
    ("manager", Role.PROVINCIAL_MANAGER),
    ("coordinator", Role.COORDINATOR),
    ("ambassador", Role.AMBASSADOR),
    ("board", Role.BOARD_MEMBER),
]


def already_seeded() -> bool:
    return User.objects.filter(username="admin").exists()


def _user(ctx, username, role, province=None, gender="male"):
    first, last = ctx.person_name(gender)
    user = User(username=username, role=role, province=province, first_name=first, last_name=last,
                email=f"{username}@example.org")
    user.set_password(settings.SAFIRAN_DEMO_PASSWORD)
    user.save()
    if user.requires_otp:
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    ctx.users[username] = user
    return user


def seed(ctx):
    _user(ctx, "admin", Role.NATIONAL_ADMIN)
    for prefix, name in DEMO_PROVINCES:
        province = Province.objects.get(name=name)
        ctx.provinces[prefix] = province
        for suffix, role in ROLE_SUFFIXES:
            _user(ctx, f"{prefix}.{suffix}", role, province, gender=ctx.rng.choice(["male", "female"]))


def demo_users():
    return User.objects.filter(email__endswith="@example.org").select_related("province").order_by("province__name", "username")


def report(out):
    """The demo logins, printed by seed_demo after the data is loaded."""
    password = settings.SAFIRAN_DEMO_PASSWORD
    out.write("")
    out.write(f"Demo logins (password for all: {password})")
    out.write("-" * 72)
    for user in demo_users():
        otp = f" (second step: make otp USER={user.username})" if user.requires_otp else ""
        out.write(f"  {user.username:<22} {user.get_role_display():<28} {user.province or '-'}{otp}")
    out.write("-" * 72)
