from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Action, Card, Panel

from .choices import EventStatus, FacilityStatus
from .models import Event, Facility, Session

SHOWN = 10


def cards(user):
    result = []
    if user.has_perm("events.approve_event"):
        pending = Event.objects.visible_to(user).filter(status=EventStatus.SUBMITTED).count()
        result.append(Card(_("Events to approve"), pending, reverse("events:event_list") + "?status=submitted", order=25))
    if user.has_perm("events.verify_facility"):
        to_visit = Facility.objects.visible_to(user).filter(status=FacilityStatus.REPORTED).count()
        result.append(Card(_("Spaces to visit"), to_visit, reverse("events:facility_list") + "?status=reported", order=26))
    return result


def panels(user):
    if not user.has_perm("events.view_session"):
        return []
    now = timezone.now()
    upcoming = (Session.objects.visible_to(user).filter(starts_at__gte=now, event__status=EventStatus.PUBLISHED)
                .select_related("event", "facility").order_by("starts_at"))
    count = upcoming.count()
    if not count:
        return []
    context = {"sessions": upcoming[:SHOWN], "count": count, "more": count > SHOWN,
               "list_url": reverse("events:session_list")}
    return [Panel(_("Coming sessions"), "events/panel_upcoming_sessions.html", context, order=25)]


def actions(user):
    result = []
    if user.has_perm("events.add_event"):
        result.append(Action(_("Plan an event"), reverse("events:event_create"), order=33))
    if user.has_perm("events.add_facility"):
        result.append(Action(_("Report a space"), reverse("events:facility_create"), order=34))
    return result
