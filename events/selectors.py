"""Read-side figures of events (D6, D12): one province's Jalali month for the monthly report
(core.registry `monthly`), computed once here for pages, API and reports alike."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection

from .choices import EventStatus
from .models import ATTENDED, Attendance, Event, Session

DONE = [EventStatus.HELD, EventStatus.CLOSED]


def month_range(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[first moment, first moment of the next month) of a Jalali month, in Tehran time."""
    zone = timezone.get_current_timezone()
    start = jalali.jalali_to_date(year, month, 1)
    following = jalali.jalali_to_date(year + (month == 12), month % 12 + 1, 1)
    return (datetime.datetime.combine(start, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(following, datetime.time(), tzinfo=zone))


def month_figures(province, year: int, month: int) -> dict:
    """Events held, their sessions, participants (people present at least once) and teaching
    hours, over the sessions of held or closed events that took place in the month."""
    start, end = month_range(year, month)
    sessions = Session.objects.filter(event__province=province, event__status__in=DONE,
                                      starts_at__gte=start, starts_at__lt=end)
    attended = Attendance.objects.filter(session__in=sessions, status__in=ATTENDED)
    seconds = sum((session.ends_at - session.starts_at).total_seconds() for session in sessions.only("starts_at", "ends_at"))
    return {
        "events": Event.objects.filter(sessions__in=sessions).distinct().count(),
        "sessions": sessions.count(),
        "participants": attended.values("registration__person_key").distinct().count(),
        "hours": round(seconds / 3600),
        "start": start, "end": end,
    }


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    figures = month_figures(province, year, month)
    events_url = reverse("events:event_list") + "?status=held"
    return [MonthlySection(_("Courses, workshops and classes"), [
        MonthlyFigure(_("Events held"), figures["events"], events_url),
        MonthlyFigure(_("Sessions"), figures["sessions"], reverse("events:session_list")),
        MonthlyFigure(_("Participants"), figures["participants"], reverse("events:attendance_list")),
        MonthlyFigure(_("Teaching hours"), figures["hours"]),
    ], order=40)]


def feed_items(since=None) -> list:
    """Upcoming public events for the public site (core.registry `feed`): published, open to
    public registration, with a session still to come; linked to their public page, where
    people register. Nothing else of an event leaves the system."""
    from django.db.models import Min

    from core.registry import FeedItem

    now = timezone.now()
    events = (Event.objects.filter(status=EventStatus.PUBLISHED, public=True, sessions__starts_at__gte=now)
              .annotate(next_start=Min("sessions__starts_at")).order_by("next_start"))
    if since is not None:
        events = events.filter(published_at__gte=since)
    return [
        FeedItem(title=event.title, summary=event.description[:300] or event.audience,
                 url=reverse("events:public_event", args=[event.pk]), published_at=event.published_at,
                 kind="event", key=f"event-{event.pk}", province_id=event.province_id, area_ids=(event.area_id,),
                 starts_at=event.next_start)
        for event in events[:200]
    ]
