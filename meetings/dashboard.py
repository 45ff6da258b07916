from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.charts import Chart, Series
from core.dashboard import Action, Card, Panel

from .choices import MeetingStatus
from .models import FollowUp, Meeting

SHOWN = 10


def _pending(user):
    return Meeting.objects.visible_to(user).filter(status=MeetingStatus.REQUESTED)


def _overdue(user):
    return FollowUp.objects.visible_to(user).overdue(timezone.localdate())


def cards(user):
    result = []
    if user.has_perm("meetings.approve_meeting"):
        url = reverse("meetings:meeting_list") + "?status=requested"
        result.append(Card(_("Meeting requests to decide"), _pending(user).count(), url, order=20))
    if user.has_perm("meetings.view_followup"):
        url = reverse("meetings:followup_list") + "?overdue=true"
        result.append(Card(_("Overdue follow-ups"), _overdue(user).count(), url, order=21))
    return result


def panels(user):
    result = []
    if user.has_perm("meetings.approve_meeting"):
        pending = _pending(user).select_related("organization", "created_by").order_by("proposed_date")
        count = pending.count()
        if count:
            context = {"meetings": pending[:SHOWN], "count": count, "more": count > SHOWN,
                       "list_url": reverse("meetings:meeting_list") + "?status=requested"}
            title = _("Meeting requests awaiting your decision")
            result.append(Panel(title, "meetings/panel_pending_requests.html", context, order=20, needs_action=True))
    if user.has_perm("meetings.view_followup"):
        today = timezone.localdate()
        overdue = _overdue(user).select_related("meeting__organization", "owner").order_by("due_date")
        count = overdue.count()
        if count:
            followups = list(overdue[:SHOWN])
            for followup in followups:
                followup.days_late = (today - followup.due_date).days
            context = {"followups": followups, "count": count, "more": count > SHOWN,
                       "list_url": reverse("meetings:followup_list") + "?overdue=true"}
            result.append(Panel(_("Overdue follow-ups"), "meetings/panel_overdue_followups.html", context, order=21,
                                needs_action=True))
    if user.has_perm("meetings.view_meeting"):
        chart = meetings_by_month(user)
        if not chart.is_empty and any(chart.series[0].values + chart.series[1].values):
            result.append(Panel(_("Meetings by month"), "meetings/panel_chart.html", {"chart": chart}, order=40))
    return result


CHART_MONTHS = 6


def meetings_by_month(user) -> Chart:
    """Meetings requested and held in each of the last six Jalali months, in the reader's scope."""
    year, month = jalali.month_of(timezone.localdate())
    months = []
    for _step in range(CHART_MONTHS):
        months.append((year, month))
        year, month = jalali.previous_month(year, month)
    months.reverse()
    first, _end = jalali.month_bounds(*months[0])
    _start, last = jalali.month_bounds(*months[-1])
    meetings = Meeting.objects.visible_to(user)
    requested = [0] * CHART_MONTHS
    held = [0] * CHART_MONTHS
    index = {key: position for position, key in enumerate(months)}
    for day in meetings.filter(proposed_date__range=(first, last)).values_list("proposed_date", flat=True):
        requested[index[jalali.month_of(day)]] += 1
    for day in meetings.filter(held_on__range=(first, last)).values_list("held_on", flat=True):
        held[index[jalali.month_of(day)]] += 1
    return Chart(_("Meetings in the last six months"), [jalali.format_month(*key) for key in months],
                 [Series(_("Planned for the month"), requested), Series(_("Held"), held)], kind="bar")


def actions(user):
    if user.has_perm("meetings.add_meeting"):
        return [Action(_("Request a meeting"), reverse("meetings:meeting_create"), order=31)]
    return []
