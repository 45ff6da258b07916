"""Demo challenges: filed, triaged (accepted, merged, rejected) and supported in an open
priority round, plus a closed round of the previous quarter with its frozen ranking."""
import datetime

from django.utils import timezone

from areas.models import Area

from . import selectors, services
from .models import PriorityRound

CHALLENGES = [
    ("کمبود مربی برای کارگاه‌های سالمندی", "در شهرستان‌ها مربی آموزش‌دیده برای کارگاه‌ها نداریم.", 1200),
    ("نبود سالن رایگان برای کلاس‌ها", "سالن‌های فرهنگسرا اجاره دارند و کلاس‌ها لغو می‌شود.", 800),
    ("ناآشنایی دستگاه‌ها با طرح سفیران", "مدیران دستگاه‌ها طرح را نمی‌شناسند و جلسه نمی‌دهند.", 300),
    ("دیر رسیدن هزینهٔ رفت‌وآمد سفیران", "هزینهٔ سفر سفیران به شهرستان‌ها ماه‌ها دیر پرداخت می‌شود.", 150),
]


def seed(ctx):
    areas = list(Area.objects.all())
    year, quarter = selectors.quarter_of(timezone.localdate())
    previous_year, previous_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    for prefix, province in ctx.provinces.items():
        coordinator = ctx.users[f"{prefix}.coordinator"]
        ambassador = ctx.users[f"{prefix}.ambassador"]
        old = PriorityRound.objects.create(province=province, jalali_year=previous_year, quarter=previous_quarter,
                                           supports_per_person=3, created_by=coordinator,
                                           closes_at=timezone.now() + datetime.timedelta(days=1))
        filed = []
        for index, (title, description, people) in enumerate(CHALLENGES):
            challenge = services.challenge_report(
                ambassador, province=province, area=areas[index % len(areas)], title=title, description=description,
                people_affected=people, severity=2 + index % 3, impact=3 + index % 3, urgency=5 - index % 3,
                feasibility=2 + index % 4)
            filed.append(challenge)
        for challenge in filed[:3]:
            services.challenge_accept(challenge, coordinator)
        for person in (coordinator, ambassador):
            services.challenge_support(filed[0], person)
        services.challenge_support(filed[1], ambassador)
        services.round_close(old, coordinator)
        PriorityRound.objects.create(province=province, jalali_year=year, quarter=quarter, supports_per_person=3,
                                     created_by=coordinator, closes_at=timezone.now() + datetime.timedelta(days=20))
        services.challenge_support(filed[2], ambassador)
        copy = services.challenge_report(ambassador, province=province, area=filed[0].area,
                                         title="نبودن مربی برای کارگاه‌های سالمندان",
                                         description="برای کارگاه‌ها مربی پیدا نمی‌شود.", people_affected=200)
        services.challenge_merge(copy, coordinator, into=filed[0], note="همان چالش پیشین است.")
        if prefix == "mashhad":
            services.challenge_reject(filed[3], coordinator, reason="به صندوق بازنشستگی مربوط است، نه به طرح.")
