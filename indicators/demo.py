"""Demo statistics: national and provincial indicators with about three Jalali years of values
from the provinces' statistical sources (some "not available"), entered through the same
service people use, a website register with one site overdue for a check, and the periods
verified by each provincial manager but the latest (one reopened)."""
import datetime
import math
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from areas.models import Area
from core.services import WorkflowError
from partners.choices import OrganizationKind
from partners.models import Organization

from . import periods, services
from .choices import IndicatorScope, PeriodType, SourceKind, WebsiteKind
from .models import Indicator, IndicatorSettings, IndicatorValue, Website

# (name, unit, period type, area slug, low, high, typical level per province, yearly growth)
INDICATORS = [
    ("بازنشستگان عضو کانون‌های بازنشستگی", "نفر", PeriodType.QUARTER, "", 0, 500000, 42000, 0.03),
    ("تصادفات رانندگی منجر به جرح سالمندان", "مورد", PeriodType.MONTH, "traffic-safety", 0, 3000, 180, -0.05),
    ("مصرف سرانهٔ آب خانگی", "لیتر در روز", PeriodType.MONTH, "water-energy", 80, 400, 165, -0.02),
    ("بازنشستگان تحت پوشش بیمهٔ تکمیلی", "درصد", PeriodType.YEAR, "health", 0, 100, 61, 0.04),
]
SITES = [
    ("درگاه آمار استانداری {p}", "https://amar.ostan{n}.ir", WebsiteKind.OFFICIAL, "سالنامهٔ آماری استان و گزارش‌های فصلی", 12),
    ("کانال کانون بازنشستگان {p}", "https://eitaa.com/kanoon_{n}", WebsiteKind.SOCIAL, "خبر دوره‌ها و نشست‌های کانون", 130),
]


def seed(ctx):
    rng, today = ctx.rng, timezone.localdate()
    admin = ctx.users["admin"]
    areas = {area.slug: area for area in Area.objects.all()}
    national = [Indicator.objects.create(
        name=name, unit=unit, period_type=kind, area=areas.get(slug), scope=IndicatorScope.NATIONAL, min_value=low,
        max_value=high, description="تعریف یکسان در همهٔ استان‌ها؛ از نامهٔ رسمی منبع یا وب‌گاه آن.", created_by=admin,
    ) for name, unit, kind, slug, low, high, _level, _growth in INDICATORS]
    Website.objects.create(name="مرکز آمار ایران", url="https://www.amar.org.ir", kind=WebsiteKind.OFFICIAL,
                           publishes="نتایج سرشماری و طرح‌های آماری کشور", last_checked_on=today - datetime.timedelta(days=20),
                           checked_by=admin, created_by=admin)
    for number, (prefix, province) in enumerate(ctx.provinces.items(), start=1):
        _seed_province(rng, today, national, number, province, ctx.users[f"{prefix}.coordinator"],
                       ctx.users[f"{prefix}.ambassador"], ctx.users.get(f"{prefix}.manager") or admin)


# At national scale (core.national) every province gets its own sites, indicator and values
# from `national` below: a copied value would keep the original's place and period.
NATIONAL_NOT_COPIED = ("indicators.indicator", "indicators.indicatorvalue", "indicators.periodverification",
                       "indicators.valueimport", "indicators.website")


def national(ctx, *, roster_rows: int, seed: int) -> int:
    """Every province without statistics gets what a demo province has, entered as the admin."""
    import random

    from accounts.models import User
    from geo.models import Province

    admin = User.objects.filter(username="admin").first()
    national_indicators = list(Indicator.objects.filter(scope=IndicatorScope.NATIONAL).order_by("pk"))
    if admin is None or len(national_indicators) != len(INDICATORS):
        return 0
    rng, today, before = random.Random(seed), timezone.localdate(), IndicatorValue.objects.count()
    filled = set(IndicatorValue.objects.values_list("province", flat=True).distinct())
    for number, province in enumerate(Province.objects.order_by("code"), start=1):
        if province.pk not in filled:
            _seed_province(rng, today, national_indicators, number, province, admin, admin, admin)
    return IndicatorValue.objects.count() - before


@contextmanager
def _history_open():
    """Demo values go three years back, long after their entry closed: entry stays open while they
    are seeded, then the settings are as they were."""
    row = IndicatorSettings.current()
    IndicatorSettings.objects.filter(pk=row.pk).update(entry_closes_after_days=0)
    try:
        yield
    finally:
        IndicatorSettings.objects.filter(pk=row.pk).update(entry_closes_after_days=row.entry_closes_after_days)


def _seed_province(*args):
    with _history_open():
        _seed_province_values(*args)


def _seed_province_values(rng, today, national, number, province, coordinator, ambassador, manager):
    sources = list(Organization.objects.filter(province=province, kind=OrganizationKind.STATISTICAL_SOURCE)[:3])
    if not sources:
        sources = [Organization.objects.create(name=f"استانداری {province.name}", province=province,
                                               county=province.counties.order_by("pk").first(),
                                               kind=OrganizationKind.STATISTICAL_SOURCE)]
    sites = []
    for name, url, kind, publishes, age in SITES:
        site = Website.objects.create(
            name=name.format(p=province.name), url=url.format(n=number), kind=kind, province=province,
            owner=sources[0] if kind == WebsiteKind.OFFICIAL else None, publishes=publishes,
            last_checked_on=today - datetime.timedelta(days=age), checked_by=ambassador, created_by=ambassador)
        sites.append(site)
    own = Indicator.objects.create(
        name=f"کلاس‌های آموزشی فرهنگسراهای {province.name}", unit="کلاس", period_type=PeriodType.YEAR,
        scope=IndicatorScope.PROVINCIAL, province=province, min_value=0, max_value=2000, created_by=coordinator)
    for index, (indicator, spec) in enumerate([*zip(national, INDICATORS, strict=True),
                                               (own, (None, None, PeriodType.YEAR, "", 0, 2000, 120, 0.1))]):
        # The association's members are read from the province's statistics site; the rest come by letter.
        _fill(rng, indicator, spec, province, sources[index % len(sources)], sites[0] if index == 0 else None,
              coordinator, today)
    _verify(province, manager)


def _verify(province, manager):
    """The provincial manager has verified every period but the latest of each kind; one
    verification was reopened for a correction (and waits to be verified again)."""
    keys = (IndicatorValue.objects.filter(province=province).order_by("period_start")
            .values_list("period_key", flat=True).distinct())
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        by_kind.setdefault(periods.from_key(key).kind, []).append(key)
    verified = []
    for kind_keys in by_kind.values():
        for key in kind_keys[:-1]:
            verified.append(services.period_verify(manager, province=province, period=periods.from_key(key)))
    if verified:
        services.periodverification_reopen(verified[-1], manager, reason="رقم یکی از شاخص‌ها در نامه اصلاح شد.")


def _fill(rng, indicator, spec, province, organization, site, by, today):
    level, growth = spec[6] * (0.7 + 0.3 * rng.random()), spec[7]
    period = periods.containing(today, indicator.period_type).previous()
    count = {PeriodType.MONTH: 36, PeriodType.QUARTER: 12, PeriodType.YEAR: 3}[indicator.period_type]
    steps = []
    for _step in range(count):
        steps.append(period)
        period = period.previous()
    per_year = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4, PeriodType.YEAR: 1}[indicator.period_type]
    for age, period in enumerate(reversed(steps)):
        years_back = (count - age) / per_year
        seasonal = 1 + 0.08 * math.sin(2 * math.pi * (period.first_month - 1) / 12)
        value = round(level * (1 + growth) ** -years_back * seasonal * (0.97 + 0.06 * rng.random()), 1)
        if spec[1] == "درصد":
            value = min(value, 99)
        if spec[1] in ("نفر", "مورد", "کلاس", None):  # counts are whole numbers
            value = round(value)
        value = Decimal(str(value))
        arguments = {"indicator": indicator, "province": province, "period": period}
        if age % 9 == 4:  # some months the office had no figure: "not available", never zero
            arguments.update(not_available=True, not_available_reason="اداره هنوز این آمار را جمع‌بندی نکرده است.")
        else:
            arguments["value"] = value
        if site is None:
            letter_date = period.end + datetime.timedelta(days=12)
            arguments.update(source_kind=SourceKind.ORGANIZATION, organization=organization,
                             letter_number=f"{4100 + age}/{period.year % 100:02d}", letter_date=min(letter_date, today))
        else:
            arguments.update(source_kind=SourceKind.WEBSITE, website=site, url=f"{site.url}/stats/{period.key}",
                             retrieved_on=min(period.end + datetime.timedelta(days=20), today))
        try:
            services.value_record(by, **arguments)
        except WorkflowError:
            services.value_record(by, **arguments, comment="با منبع دوباره مقایسه شد؛ رقم درست است.")
