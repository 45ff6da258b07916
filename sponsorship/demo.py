"""Demo pledges from businesses (and others) in every state, with their receipts."""
import datetime

from django.utils import timezone

from meetings.choices import MeetingOutcome, MeetingStatus
from meetings.models import Meeting
from partners.choices import OrganizationKind
from partners.models import Organization

from . import services
from .choices import PledgeKind
from .models import Pledge

MILLION = 1_000_000


def seed(ctx):
    rng, today = ctx.rng, timezone.localdate()

    def day(days_ago):
        return today - datetime.timedelta(days=days_ago)

    for prefix, province in ctx.provinces.items():
        coordinator = ctx.users[f"{prefix}.coordinator"]
        ambassador = ctx.users[f"{prefix}.ambassador"]
        businesses = list(Organization.objects.filter(province=province, kind=OrganizationKind.BUSINESS))
        others = list(
            Organization.objects.filter(province=province, kind__in=[OrganizationKind.NGO, OrganizationKind.MEDIA_OUTLET])
        )
        pledged_meeting = Meeting.objects.filter(
            organization__province=province, status=MeetingStatus.HELD, outcome=MeetingOutcome.SUPPORT_PLEDGED
        ).first()

        def pledge(sponsor, kind, value, purpose, days_ago, by=ambassador, meeting=None):
            return Pledge.objects.create(
                sponsor=sponsor, kind=kind, value_rials=value, purpose=purpose, pledged_on=day(days_ago),
                meeting=meeting, created_by=by,
            )

        pharma, shops, hotel = businesses[0], businesses[1], businesses[2]
        pledge(pharma, PledgeKind.CASH, 250 * MILLION, "چاپ بروشورهای آموزش سلامت سالمندان", 10)
        pledge(rng.choice(others), PledgeKind.AIRTIME, 0, "پخش رایگان آگهی کارگاه‌های سفیران", 5)
        partly = pledge(shops, PledgeKind.IN_KIND, 120 * MILLION, "اقلام پذیرایی کارگاه‌های محیط زیست", 60,
                        meeting=pledged_meeting)
        services.pledge_receive(partly, coordinator, received_on=day(40), value_rials=45 * MILLION,
                                description="اقلام پذیرایی سه کارگاه")
        full = pledge(hotel, PledgeKind.VENUE, 80 * MILLION, "سالن همایش برای همایش سالانه سفیران", 90)
        services.pledge_receive(full, coordinator, received_on=day(70), value_rials=80 * MILLION,
                                description="سالن همایش به مدت یک روز")
        closed = pledge(pharma, PledgeKind.CASH, 150 * MILLION, "جوایز مسابقه سلامت", 150)
        for days_ago, value, description in ((130, 100, "واریز مرحله اول"), (110, 50, "واریز مرحله دوم")):
            services.pledge_receive(
                closed, coordinator, received_on=day(days_ago), value_rials=value * MILLION, description=description
            )
        services.pledge_close(closed, coordinator, note="نامه قدردانی ارسال شد.")
        cancelled = pledge(shops, PledgeKind.ENDORSEMENT, 0, "حمایت معنوی از پویش کاهش پسماند", 30)
        services.pledge_cancel(cancelled, coordinator, reason="پویش به سال آینده موکول شد.")
