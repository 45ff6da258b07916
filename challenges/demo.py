"""Demo challenges: filed, triaged (accepted, merged, rejected) and supported in an open
priority round, plus a closed round of the previous quarter with its frozen ranking; actions on
the most supported challenge (two weighted parts with a dated timeline) and one carrying out a
monthly report's corrective suggestion."""
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
        seed_actions(ctx, province, coordinator, ambassador, filed[0])


def seed_actions(ctx, province, coordinator, ambassador, challenge):
    from reports.models import Suggestion

    today = timezone.localdate()
    plan = services.action_create(coordinator, province=province, area=challenge.area, challenge=challenge,
                                  title="تربیت مربی برای کارگاه‌های سالمندی", owner=coordinator,
                                  due_date=today + datetime.timedelta(days=90),
                                  description="با همکاری دانشگاه علوم پزشکی استان.")
    course = services.action_create(coordinator, province=province, area=challenge.area, parent=plan, weight=2,
                                    title="برگزاری دورهٔ تربیت مربی", owner=ambassador,
                                    due_date=today + datetime.timedelta(days=60))
    roster = services.action_create(coordinator, province=province, area=challenge.area, parent=plan, weight=1,
                                    title="فهرست داوطلبان مربیگری", owner=ambassador,
                                    due_date=today + datetime.timedelta(days=20))
    for days_ago, part, progress, note in ((40, roster, 50, "نیمی از شهرستان‌ها فهرست دادند."),
                                           (25, roster, 100, "فهرست کامل شد."),
                                           (10, course, 30, "سرفصل‌ها آماده شد و سالن گرفته شد.")):
        services.action_progress(part, ambassador, progress=progress, on=today - datetime.timedelta(days=days_ago),
                                 note=note)
    suggestion = (Suggestion.objects.filter(report__province=province).order_by("-report__jalali_year",
                                                                               "-report__jalali_month").first())
    if suggestion is not None:
        action = services.action_create(coordinator, province=province, suggestion=suggestion,
                                        title=str(suggestion)[:200], owner=coordinator, due_date=suggestion.due_date)
        services.action_progress(action, coordinator, progress=20, on=today, note="با مدیر استان هماهنگ شد.")
