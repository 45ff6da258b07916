"""Factories for tests of challenges and priority rounds."""
import datetime
import itertools

from django.utils import timezone

from areas.testing import make_area

from .choices import ChallengeStatus
from .models import Action, Challenge, PriorityRound

_serial = itertools.count(1)
TOPICS = ["کمبود مربی برای کارگاه‌های سالمندی", "نبود سالن رایگان برای کلاس‌ها", "کم بودن پوشش رسانه‌ای در شهرستان‌ها",
          "دیر رسیدن بودجهٔ رفت‌وآمد سفیران", "ناآشنایی دستگاه‌ها با طرح سفیران", "کمبود داده دربارهٔ مصرف آب"]


def make_challenge(province, status=ChallengeStatus.OPEN, area=None, **fields) -> Challenge:
    number = next(_serial)
    defaults = {"title": f"{TOPICS[number % len(TOPICS)]} {number}", "description": "شرح مسئله در استان.",
                "area": area or make_area(), "people_affected": 100}
    if status == ChallengeStatus.REJECTED:
        defaults["triage_note"] = "خارج از برنامه"
    return Challenge.objects.create(province=province, status=status, **{**defaults, **fields})


def make_round(province, supports_per_person=3, closes_in=datetime.timedelta(days=10), **fields) -> PriorityRound:
    defaults = {"jalali_year": 1405, "quarter": 3, "closes_at": timezone.now() + closes_in}
    return PriorityRound.objects.create(province=province, supports_per_person=supports_per_person, **{**defaults, **fields})


def make_action(province, owner=None, **fields) -> Action:
    from accounts.testing import make_user
    from core.roles import Role

    defaults = {"title": f"اقدام {next(_serial)}", "due_date": timezone.localdate() + datetime.timedelta(days=30)}
    owner = owner or make_user(Role.COORDINATOR, province=province)
    return Action.objects.create(province=province, owner=owner, **{**defaults, **fields})
