"""The calendar (D6): a Jalali month of the sessions and meetings in the reader's scope, and a
personal iCalendar feed of the same (token in the URL, revocable), written with `icalendar`."""
import datetime
import secrets

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.calendar import month_grid
from meetings.selectors import calendar_items, calendar_meetings

from .choices import EventStatus
from .models import CalendarFeed, Session, format_time

# How far the feed reaches: past sessions stay for a season, the coming year is shown.
FEED_PAST, FEED_FUTURE = datetime.timedelta(days=120), datetime.timedelta(days=400)


def _meetings(user, first, last):
    """Meetings in scope, when the reader may see meetings (the app is below events)."""
    return calendar_meetings(user, first, last)


def _sessions(user, start, end):
    return (Session.objects.visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
            .exclude(event__status=EventStatus.DRAFT).select_related("event", "facility").order_by("starts_at"))


def month(user, year: int, month_number: int) -> dict:
    """Weeks of the Jalali month (core.calendar), each day with its sessions and meetings."""
    first, last = jalali.month_bounds(year, month_number)
    following = last + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    days = {}
    for session in _sessions(user, datetime.datetime.combine(first, datetime.time(), tzinfo=zone),
                             datetime.datetime.combine(following, datetime.time(), tzinfo=zone)):
        days.setdefault(session.local_date, []).append({
            "time": format_time(session.starts_at), "title": session.event.title, "url": session.event.get_absolute_url(),
            "kind": session.event.get_kind_display(), "cancelled": session.event.status == EventStatus.CANCELLED,
        })
    for day, items in calendar_items(_meetings(user, first, last)).items():
        days.setdefault(day, []).extend(items)
    return month_grid(year, month_number, days)


# --- the feed ---------------------------------------------------------------------------------

def new_token(user) -> CalendarFeed:
    """A new address for the user's feed; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


def feed(user, base_url: str) -> bytes:
    """The user's sessions and meetings as iCalendar: one VEVENT per session with a stable UID,
    SEQUENCE from the event, STATUS:CANCELLED for cancelled events, times in Asia/Tehran with
    its VTIMEZONE; meetings as whole days."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Safiran//events//FA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Safiran: events and meetings"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    host = base_url.split("//", 1)[-1].split("/", 1)[0] or "safiran"
    for session in _sessions(user, now - FEED_PAST, now + FEED_FUTURE):
        event = session.event
        item = icalendar.Event()
        item.add("uid", f"session-{session.pk}@{host}")
        item.add("dtstamp", now)
        item.add("last-modified", max(session.updated_at, event.updated_at))
        item.add("dtstart", timezone.localtime(session.starts_at))
        item.add("dtend", timezone.localtime(session.ends_at))
        item.add("summary", f"{event.get_kind_display()}: {event.title}")
        item.add("sequence", event.sequence)
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else
                 "CONFIRMED" if event.status in (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED) else "TENTATIVE")
        place = f"{session.facility}، {session.facility.address}" if session.facility_id else session.online_link
        item.add("location", place)
        item.add("url", base_url + event.get_absolute_url())
        calendar.add_component(item)
    today = timezone.localdate()
    for meeting in _meetings(user, today - FEED_PAST, today + FEED_FUTURE):
        item = icalendar.Event()
        day = meeting.held_on or meeting.proposed_date
        item.add("uid", f"meeting-{meeting.pk}@{host}")
        item.add("dtstamp", now)
        item.add("dtstart", day)
        item.add("dtend", day + datetime.timedelta(days=1))
        item.add("summary", _("Meeting with %(organization)s") % {"organization": meeting.organization})
        item.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        item.add("url", base_url + meeting.get_absolute_url())
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_url(request, feed_token: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("events:calendar_feed", args=[feed_token.token]))
