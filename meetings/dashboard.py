from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    return result


def actions(user):
    if user.has_perm("meetings.add_meeting"):
        return [Action(_("Request a meeting"), reverse("meetings:meeting_create"), order=31)]
    return []
