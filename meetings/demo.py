"""Demo meetings in every state, through the same services people use; follow-ups, some overdue."""
import datetime

from django.utils import timezone

from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from partners.choices import OrganizationKind
from partners.models import Organization

from . import services
from .choices import MeetingOutcome

PURPOSES = [
    "معرفی برنامه سفیران فرهنگ‌سازی و درخواست همکاری در برگزاری کارگاه‌ها",
    "هماهنگی برای استفاده از سالن اجتماعات در دوره‌های آموزشی",
    "درخواست معرفی کارشناس برای آموزش سالمندان",
    "جلب حمایت برای چاپ بروشورهای آموزشی",
    "هماهنگی برای برنامه مشترک هفته سلامت",
]
MINUTES = (
    "برنامه سفیران معرفی شد. مدیر دستگاه از همکاری استقبال کرد و کارشناسی را برای هماهنگی معرفی کرد. "
    "قرار شد فهرست کارگاه‌های پیشنهادی ارسال شود."
)


def seed(ctx):
    rng, today = ctx.rng, timezone.localdate()
    for prefix, province in ctx.provinces.items():
        ambassador_user = ctx.users[f"{prefix}.ambassador"]
        coordinator = ctx.users[f"{prefix}.coordinator"]
        manager = ctx.users[f"{prefix}.manager"]
        partners = list(
            Organization.objects.filter(
                province=province,
                kind__in=[OrganizationKind.GOVERNMENT_AGENCY, OrganizationKind.NGO, OrganizationKind.RETIREES_ASSOCIATION,
                          OrganizationKind.RETIREMENT_OFFICE, OrganizationKind.BUSINESS],
            )
        )
        ambassadors = list(Ambassador.objects.filter(province=province, status=AmbassadorStatus.ACTIVE)[:12])

        def request(days_from_today, requester=ambassador_user, partners=partners, ambassadors=ambassadors):
            organization = rng.choice(partners)
            return services.meeting_request(
                requester, organization=organization, purpose=rng.choice(PURPOSES),
                proposed_date=today + datetime.timedelta(days=days_from_today),
                our_attendees=rng.sample(ambassadors, 2), areas=list(organization.areas.all()),
            )

        # Awaiting the manager's decision.
        for days in (3, 7, 12):
            request(days)
        # Approved, not yet held (one accompanied by the manager).
        for index, days in enumerate((2, 9, 15)):
            services.meeting_approve(
                request(days), manager, accompany=index == 0, comment="با هماهنگی قبلی با دستگاه برگزار شود."
            )
        services.meeting_decline(request(5), manager, comment="این دستگاه در حال جابه‌جایی است؛ ماه آینده دوباره درخواست دهید.")
        cancelled = request(4)
        services.meeting_approve(cancelled, manager)
        services.meeting_cancel(cancelled, coordinator, reason="مدیر دستگاه در مأموریت است.")
        # Held meetings with follow-ups: overdue, due later, and done.
        for index, days_ago in enumerate((60, 35, 20, 8)):
            meeting = request(-days_ago, requester=coordinator)
            services.meeting_approve(meeting, manager, accompany=index % 2 == 0)
            held_on = meeting.proposed_date
            contacts = list(meeting.organization.contacts.all()[:2])
            outcome = [MeetingOutcome.FOLLOW_UP_NEEDED, MeetingOutcome.COOPERATION_AGREED,
                       MeetingOutcome.SUPPORT_PLEDGED, MeetingOutcome.FOLLOW_UP_NEEDED][index]
            owner = [ambassador_user, coordinator][index % 2]
            followups = [
                ("ارسال فهرست کارگاه‌های پیشنهادی", owner, held_on + datetime.timedelta(days=[10, 20, 30, 14][index])),
                ("پیگیری معرفی کارشناس رابط", ambassador_user, held_on + datetime.timedelta(days=[7, 45, 40, 30][index])),
            ]
            services.meeting_hold(
                meeting, coordinator, held_on=held_on, outcome=outcome, minutes=MINUTES,
                commitments="دستگاه: معرفی کارشناس رابط. سفیران: ارسال برنامه پیشنهادی.",
                their_attendees=contacts, followups=followups,
            )
            if index == 1:
                services.followup_complete(meeting.followups.first(), coordinator, note="فهرست ارسال شد.")
    # Owners of overdue follow-ups get today's reminder in their notifications.
    services.followup_send_reminders()
