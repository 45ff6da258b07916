"""Factories for tests of spaces, events, sessions and registrations."""
import datetime
import itertools

from django.utils import timezone

from areas.testing import make_area
from geo.testing import make_county

from .booking import sync_bookings
from .choices import EventKind, EventStatus, FacilityStatus
from .models import Attendance, Certificate, Event, Facility, Session
from .registration import register

_serial = itertools.count(1)


def make_facility(province, status=FacilityStatus.AVAILABLE, **fields):
    """A space in `status`, its fields consistent with the database rules."""
    defaults = {
        "name": f"سالن اجتماعات شماره {next(_serial)}", "county": make_county(province), "address": "خیابان آزادی، پلاک ۱۲",
        "seats": 40, "free_times": "شنبه تا چهارشنبه، ۸ تا ۱۴", "step_free": True,
    }
    if status != FacilityStatus.REPORTED:
        defaults["visited_on"] = timezone.localdate() - datetime.timedelta(days=3)
    if status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
        defaults["status_reason"] = "پله‌های زیاد"
    return Facility.objects.create(province=province, status=status, **{**defaults, **fields})


def make_event(province, status=EventStatus.DRAFT, sessions=1, facility=None, instructors=(), guest_instructors=(),
               **fields):
    """An event in `status` with `sessions` sessions (booked), a day apart from tomorrow 10:00."""
    defaults = {"title": f"کارگاه تغذیهٔ سالم {next(_serial)}", "kind": EventKind.WORKSHOP, "area": make_area(),
                "audience": "بازنشستگان و خانواده‌هایشان", "capacity": 20}
    if status in (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED):
        defaults["published_at"] = timezone.now()
    if status == EventStatus.RETURNED:
        defaults["decision_comment"] = "ساعت را عوض کنید"
    if status == EventStatus.CANCELLED:
        defaults["cancel_reason"] = "لغو شد"
    event = Event.objects.create(province=province, status=status, **{**defaults, **fields})
    event.instructors.set(instructors)
    event.guest_instructors.set(guest_instructors)
    if sessions:
        facility = facility or make_facility(province)
        start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
        if status in (EventStatus.HELD, EventStatus.CLOSED):
            start -= datetime.timedelta(days=10)
        for day in range(sessions):
            make_session(event, facility=facility, starts_at=start + datetime.timedelta(days=day))
    return event


def make_session(event, facility=None, starts_at=None, hours=2, **fields):
    """A session of `event`, its space and instructors booked (BookingClash if they are taken)."""
    starts_at = starts_at or timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    session = Session.objects.create(event=event, facility=facility, starts_at=starts_at,
                                     ends_at=starts_at + datetime.timedelta(hours=hours), **fields)
    sync_bookings(session)
    return session


def make_registration(province=None, event=None, by=None, **fields):
    """A registration through the service (confirmed while places last, then waiting); for an
    event that has begun, made as if before its first session."""
    event = event or make_event(province, status=EventStatus.PUBLISHED)
    serial = next(_serial)
    defaults = {"full_name": f"زهرا موسوی {serial}", "mobile": f"0912{serial:07d}", "consent": True}
    first = event.first_start()
    if first is not None and first <= timezone.now():
        # An event that has begun: the person registered before it did.
        defaults["now"] = first - datetime.timedelta(hours=1)
    return register(event, by, **{**defaults, **fields})


def make_attendance(province, status="present", **fields):
    registration = make_registration(province)
    session = registration.event.sessions.first()
    return Attendance.objects.create(session=session, registration=registration, status=status, **fields)


def make_certificate(province, **fields):
    attendance = make_attendance(province)
    serial = next(_serial)
    defaults = {"serial": f"1405-{serial:06d}", "public_code": f"code-{serial}", "issued_on": timezone.localdate(),
                "sessions_attended": 1}
    return Certificate.objects.create(registration=attendance.registration, **{**defaults, **fields})


def make_reminder(province, **fields):
    from .models import SessionReminder

    registration = make_registration(province)
    defaults = {"channel": "sms", "status": "sent", "sent_at": timezone.now(), "gateway_reference": "8792344 1 در صف ارسال"}
    return SessionReminder.objects.create(event=registration.event, session=registration.event.sessions.first(),
                                          registration=registration,
                                          **{**defaults, **fields})


def make_qualification(**fields):
    from .models import Qualification

    defaults = {"name": f"کمک‌های اولیه {next(_serial)}", "validity_months": 12, "renewal_days": 30}
    return Qualification.objects.create(**{**defaults, **fields})


def make_qualification_held(province, ambassador=None, qualification=None, obtained_on=None, **fields):
    """A qualification held by an ambassador of `province` (its expiry set from its validity)."""
    from ambassadors.testing import make_ambassador

    from .models import QualificationHeld

    held = QualificationHeld(ambassador=ambassador or make_ambassador(province),
                             qualification=qualification or make_qualification(),
                             obtained_on=obtained_on or timezone.localdate() - datetime.timedelta(days=30), **fields)
    held.set_expires_on()
    held.save()
    return held
