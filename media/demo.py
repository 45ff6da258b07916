"""Demo media coverage over the last months, some of it about held meetings."""
import datetime

from django.utils import timezone

from areas.models import Area
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from partners.choices import OrganizationKind
from partners.models import Organization

from .choices import CoverageKind
from .models import MediaCoverage

TITLES = [
    "سفیران فرهنگ‌سازی؛ بازنشستگانی که دوباره به میدان آمدند",
    "گفت‌وگو با یکی از سفیران حوزه سلامت درباره سالمندی فعال",
    "برگزاری کارگاه صرفه‌جویی در مصرف آب با همراهی بازنشستگان",
    "گزارش تصویری از نشست سفیران با مدیران دستگاه‌ها",
    "نقش بازنشستگان در فرهنگ ایمنی ترافیک",
    "ویژه‌برنامه رادیویی «تجربه‌های ماندگار»",
]
REACH = {
    "tv": (50000, 300000), "radio": (10000, 80000), "newspaper": (2000, 15000),
    "news_site": (3000, 40000), "social_channel": (1000, 25000),
}


def seed(ctx):
    rng, today = ctx.rng, timezone.localdate()
    areas = list(Area.objects.all())
    for prefix, province in ctx.provinces.items():
        outlets = list(Organization.objects.filter(province=province, kind=OrganizationKind.MEDIA_OUTLET))
        held = list(Meeting.objects.filter(organization__province=province, status=MeetingStatus.HELD))
        for index in range(16):
            outlet = rng.choice(outlets)
            low, high = REACH[outlet.media_kind]
            coverage = MediaCoverage.objects.create(
                outlet=outlet,
                published_on=today - datetime.timedelta(days=rng.randint(0, 240)),
                title=rng.choice(TITLES),
                kind=rng.choice(CoverageKind.values),
                link=f"https://example.org/{prefix}/news/{index + 1}",
                estimated_reach=rng.randint(low, high),
                meeting=rng.choice(held) if held and index % 4 == 0 else None,
                created_by=ctx.users[f"{prefix}.ambassador"],
            )
            coverage.areas.set(rng.sample(areas, rng.choice([1, 1, 2])))
