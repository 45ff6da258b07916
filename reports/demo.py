"""Demo monthly reports: a year of months per demo province, in every state — accepted and
locked, one reopened as version 2, returned, resubmitted, submitted late, a draft, one missing —
with corrective suggestions followed from month to month."""
import datetime

from django.utils import timezone

from core import jalali

from . import services
from .choices import SuggestionStatus
from .models import MonthlyReport, Suggestion

NARRATIVES = [
    "در این ماه جلسه‌های معرفی طرح با چند دستگاه برگزار شد و پیگیری‌های ماه پیش به نتیجه رسید.",
    "همکاری با رسانه‌های استان بیشتر شد؛ دو برنامهٔ رادیویی دربارهٔ سالمندی فعال پخش شد.",
    "حامیان تازه‌ای برای چاپ بروشور و کارگاه‌های مصرف آب پیدا شد.",
]
SUGGESTIONS = [
    ("جلسه‌های معرفی در شهرستان‌های دور هم برگزار شود.", "مدیر استان"),
    ("برای رفت‌وآمد سفیران به شهرستان‌ها هزینهٔ سفر در نظر گرفته شود.", "ادارهٔ کل بازنشستگی استان"),
    ("فهرست بازنشستگان هر سه ماه یک بار به‌روز شود.", "صندوق بازنشستگی"),
]


def _months_back(count):
    year, month = jalali.month_of(timezone.localdate())
    months = []
    for _ in range(count):
        year, month = jalali.previous_month(year, month)
        months.append((year, month))
    return list(reversed(months))


def _stamp(report, days_from_due):
    """Make the first submission look as if it happened `days_from_due` days from the deadline."""
    moment = timezone.make_aware(datetime.datetime.combine(report.due_on + datetime.timedelta(days=days_from_due),
                                                           datetime.time(11, 0)))
    MonthlyReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)


def seed(ctx):
    admin = ctx.users.get("admin")
    # The demo coordinators have served the whole demo year: the timeliness grid expects a
    # province's report only for months it had a coordinator (reports.selectors.coordinator_terms).
    start = timezone.make_aware(datetime.datetime.combine(jalali.month_bounds(*_months_back(13)[0])[0], datetime.time()))
    for prefix in ctx.provinces:
        coordinator = ctx.users[f"{prefix}.coordinator"]
        if coordinator.date_joined > start:
            type(coordinator).objects.filter(pk=coordinator.pk).update(date_joined=start)
    for index, (prefix, province) in enumerate(ctx.provinces.items()):
        coordinator = ctx.users[f"{prefix}.coordinator"]
        manager = ctx.users[f"{prefix}.manager"]
        months = _months_back(12)
        previous = None
        for position, (year, month) in enumerate(months):
            from_end = len(months) - position  # 1 = the month just ended
            if prefix == "mashhad" and from_end == 2:
                continue  # never written: "missing" in the timeliness grid
            if from_end == 1 and index > 0:
                continue  # not written yet: "open" until its deadline
            report = services.report_open(coordinator, province=province, jalali_year=year, jalali_month=month,
                                          narrative=ctx.rng.choice(NARRATIVES),
                                          no_activity_statement="در این ماه فعالیتی ثبت نشد؛ سفیران در دورهٔ آموزشی بودند.")
            what, to_whom = SUGGESTIONS[position % len(SUGGESTIONS)]
            Suggestion.objects.create(report=report, what=what, to_whom=to_whom, created_by=coordinator,
                                      due_date=jalali.month_bounds(year, month)[1] + datetime.timedelta(days=45))
            if from_end == 1:
                previous = report
                continue  # Tehran's month just ended: a draft with live figures
            report = services.report_submit(report, coordinator)
            _stamp(report, ctx.rng.choice([-6, -3, -1, 0, 2, 5]) if from_end > 3 else -2)
            if from_end == 3 and prefix == "isfahan":
                services.report_return(report, manager, reason="بخش پیگیری‌ها را کامل کنید و دلیل کاهش جلسه‌ها را بنویسید.")
            elif from_end == 2:
                pass  # submitted, waiting for the manager
            elif from_end == 3:
                report = services.report_return(report, manager, reason="روایت ماه کوتاه است؛ نتیجهٔ جلسه‌ها را بنویسید.")
                services.report_submit(report, coordinator)
            else:
                report = services.report_accept(report, manager)
                if from_end > 5:
                    report = services.report_lock(report, manager)
                if from_end == 8 and prefix == "tehran" and admin is not None:
                    services.report_reopen(report, admin, reason="ارقام پوشش رسانه‌ای پس از پذیرش اصلاح شد.")
            if previous is not None:
                for suggestion in previous.suggestions.all():
                    if suggestion.report.status not in ("draft", "returned"):
                        suggestion.status = ctx.rng.choice(list(SuggestionStatus.values))
                        suggestion.status_note = "پیگیری شد." if suggestion.status != SuggestionStatus.OPEN else ""
                        suggestion.save(update_fields=["status", "status_note"])
            previous = report
