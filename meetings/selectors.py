"""Read-side functions compiling meetings data: the meetings part of a province's monthly
report (registered as `monthly=` in apps.py), and the meetings of a calendar month."""
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .choices import FollowUpStatus, MeetingOutcome, MeetingStatus
from .models import FollowUp, Meeting


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Meetings requested and held in the Jalali month, outcomes of those held, follow-ups
    done in it, and follow-ups overdue at its end (or today, for the month under way)."""
    first, last = jalali.month_bounds(year, month)
    start, end = jalali.query_date(first), jalali.query_date(last)
    meetings = Meeting.objects.filter(organization__province=province)
    start_moment, end_moment = jalali.month_moments(year, month)
    requested = meetings.filter(created_at__gte=start_moment, created_at__lt=end_moment).count()
    held = meetings.filter(status=MeetingStatus.HELD, held_on__gte=first, held_on__lte=last)
    outcomes = dict(held.values_list("outcome").annotate(n=Count("pk")).order_by())
    followups = FollowUp.objects.filter(meeting__organization__province=province)
    done = followups.filter(status=FollowUpStatus.DONE, completed_on__gte=first, completed_on__lte=last).count()
    # Overdue at the month's end: still open, due before its last day (before today while it runs).
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    overdue_by = min(last, yesterday)
    overdue = followups.filter(status=FollowUpStatus.OPEN, due_date__lte=overdue_by).count()

    base = {"province": province.pk}
    figures = [
        MonthlyFigure(_("Meetings requested"), requested, key="requested", url=month_link(
            "meetings:meeting_list", requested_after=start, requested_before=end, **base)),
        MonthlyFigure(_("Meetings held"), sum(outcomes.values()), key="held", url=month_link(
            "meetings:meeting_list", status=MeetingStatus.HELD, held_after=start, held_before=end, **base)),
    ]
    for outcome in MeetingOutcome:
        figures.append(MonthlyFigure(
            _("Held, outcome: %(outcome)s") % {"outcome": outcome.label}, outcomes.get(outcome.value, 0),
            key=f"outcome.{outcome.value}", url=month_link(
                "meetings:meeting_list", status=MeetingStatus.HELD, outcome=outcome.value, held_after=start,
                held_before=end, **base)))
    figures += [
        MonthlyFigure(_("Follow-ups done"), done, key="followups_done", url=month_link(
            "meetings:followup_list", status=FollowUpStatus.DONE, done_after=start, done_before=end, **base)),
        MonthlyFigure(_("Follow-ups overdue, still open"), overdue, key="followups_overdue", url=month_link(
            "meetings:followup_list", status=FollowUpStatus.OPEN, due_before=jalali.query_date(overdue_by), **base)),
    ]
    return [MonthlySection(_("Meetings (D5)"), figures, order=30, key="meetings")]


def calendar_meetings(user, first, last) -> list:
    """Meetings in the reader's scope proposed or held between `first` and `last` (declined
    requests left out); none for a reader who may not see meetings."""
    if not user.has_perm("meetings.view_meeting"):
        return []
    return list(Meeting.objects.visible_to(user)
                .filter(Q(held_on__gte=first, held_on__lte=last) | Q(held_on__isnull=True, proposed_date__gte=first, proposed_date__lte=last))
                .exclude(status=MeetingStatus.DECLINED).select_related("organization"))


def calendar_items(meetings) -> dict:
    """The meetings as calendar items (core.calendar.month_grid) on the day each was held, or
    is proposed for."""
    days = {}
    for meeting in meetings:
        days.setdefault(meeting.held_on or meeting.proposed_date, []).append({
            "time": "", "title": str(meeting.organization), "url": meeting.get_absolute_url(), "kind": _("Meeting"),
            "cancelled": meeting.status == MeetingStatus.CANCELLED,
        })
    return days
