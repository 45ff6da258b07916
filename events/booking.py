"""Bookings: no two active bookings of one space, and no two sessions of one instructor, overlap.

A booking is the half-open range [starts_at, ends_at): a session ending at 12:00 and one
starting at 12:00 do not clash. Two guards, one message:

- PostgreSQL: exclusion constraints over `tstzrange(starts_at, ends_at, '[)')` per space and
  per instructor (migration 0003, with btree_gist). Two transactions racing past the check
  below meet the constraint; the loser's IntegrityError becomes the same BookingClash.
- SQLite: every outermost transaction begins IMMEDIATE (settings: `transaction_mode`), which
  takes the write lock at BEGIN, so the check-then-insert below is serialised: the second
  writer waits, then sees the first one's booking.

A guest instructor (a retiree of the roster, `guest_instructor`) is booked like an
ambassador: a third exclusion constraint (migration 0010) and the same check and message.

The message names the clash: «سالن … در ۱۴۰۵/۰۹/۱۰ از ۱۰:۰۰ تا ۱۲:۰۰ برای کارگاه … رزرو است».
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import jalali
from core.services import WorkflowError

from .models import HOLDING, Booking, format_time, guest_label


class BookingClash(WorkflowError):
    """The space or the instructor is already booked over (part of) this time."""


def clash_message(booking: Booking) -> str:
    session = booking.session
    values = {
        "date": jalali.format_date(session.local_date), "start": format_time(booking.starts_at),
        "end": format_time(booking.ends_at), "event": session.event,
        "kind": session.event.get_kind_display(),
    }
    if booking.facility_id:
        return _("%(facility)s is booked on %(date)s from %(start)s to %(end)s for the %(kind)s “%(event)s”.") % {
            **values, "facility": booking.facility}
    person = guest_label(booking.guest_instructor) if booking.guest_instructor_id else booking.instructor
    return _("%(person)s teaches on %(date)s from %(start)s to %(end)s at the %(kind)s “%(event)s”.") % {
        **values, "person": person}


def find_clash(*, starts_at, ends_at, facility=None, instructor=None, guest_instructor=None,
               exclude_session=None) -> Booking | None:
    """The first active booking of this space, instructor or guest instructor overlapping [starts_at, ends_at)."""
    bookings = Booking.objects.filter(active=True, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if facility is not None:
        bookings = bookings.filter(facility=facility)
    elif guest_instructor is not None:
        bookings = bookings.filter(guest_instructor=guest_instructor)
    else:
        bookings = bookings.filter(instructor=instructor)
    if exclude_session is not None and exclude_session.pk:
        bookings = bookings.exclude(session=exclude_session)
    return (bookings.select_related("session__event", "facility", "instructor", "guest_instructor__county")
            .order_by("starts_at").first())


def _resources(session, instructors, guests) -> list[tuple[str, dict]]:
    """(form field, booking resource) for the session's space and everyone who teaches it."""
    return ([("facility", {"facility": session.facility})] if session.facility_id else []) + [
        ("instructors", {"instructor": person}) for person in instructors] + [
        ("guest_instructors", {"guest_instructor": person}) for person in guests]


def clashes(session, instructors=None, guests=None) -> list[tuple[str, str]]:
    """(field, message) for every clash the session would have, before anything is written
    (forms): "facility" for its space, "instructors" or "guest_instructors" for a person."""
    if session.starts_at is None or session.ends_at is None:
        return []
    instructors = list(session.event.instructors.all()) if instructors is None else list(instructors)
    guests = list(session.event.guest_instructors.all()) if guests is None else list(guests)
    found = []
    for field, resource in _resources(session, instructors, guests):
        clash = find_clash(starts_at=session.starts_at, ends_at=session.ends_at, exclude_session=session, **resource)
        if clash is not None:
            found.append((field, clash_message(clash)))
    return found


def sync_bookings(session) -> None:
    """Make the session's bookings match it: its space and its event's instructors (guests too) over its
    time, while its event holds bookings. Raises BookingClash (everything rolled back)."""
    with transaction.atomic():
        session.bookings.all().delete()
        if session.event.status not in HOLDING:
            return
        event = session.event
        for _field, resource in _resources(session, event.instructors.all(), event.guest_instructors.all()):
            _book(session, resource)


def _book(session, resource: dict) -> Booking:
    clash = find_clash(starts_at=session.starts_at, ends_at=session.ends_at, exclude_session=session, **resource)
    if clash is not None:
        raise BookingClash(clash_message(clash))
    try:
        with transaction.atomic():
            return Booking.objects.create(
                session=session, starts_at=session.starts_at, ends_at=session.ends_at, created_by=session.created_by,
                **resource,
            )
    except IntegrityError:
        # PostgreSQL's exclusion constraint: another transaction booked it since the check.
        clash = find_clash(starts_at=session.starts_at, ends_at=session.ends_at, exclude_session=session, **resource)
        if clash is None:
            raise
        raise BookingClash(clash_message(clash)) from None


def release_bookings(event) -> None:
    """A cancelled event frees its spaces and instructors (the rows stay, out of force)."""
    Booking.objects.filter(session__event=event, active=True).update(active=False)
