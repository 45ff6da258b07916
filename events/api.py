from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from core import jalali
from core.api import crud_router

from . import workflows
from .filters import (
    AttendanceFilterSet,
    BookingFilterSet,
    CertificateFilterSet,
    EventFilterSet,
    FacilityFilterSet,
    RegistrationFilterSet,
    SessionFilterSet,
    SessionReminderFilterSet,
)
from .forms import EventForm, FacilityForm, RegistrationForm, SessionForm
from .models import Attendance, Booking, Certificate, Event, Facility, Registration, Session, SessionReminder


class FacilityOut(Schema):
    id: int
    name: str
    province: int = Field(alias="province_id")
    county: int = Field(alias="county_id")
    owner: int | None = Field(alias="owner_id")
    address: str
    seats: int
    step_free: bool
    accessibility: str
    free_times: str
    contact_name: str
    contact_phone: str
    status: str = Field(description="reported, verified, available, unsuitable or retired")
    visited_on: date | None
    visited_on_jalali: str
    visit_notes: str
    status_reason: str

    @staticmethod
    def resolve_visited_on_jalali(obj):
        return jalali.format_date(obj.visited_on, persian_digits=False)


class FacilityIn(Schema):
    name: str
    province: int
    county: int
    owner: int | None = None
    address: str
    seats: int
    step_free: bool = False
    accessibility: str = ""
    free_times: str
    contact_name: str = ""
    contact_phone: str = ""
    allow_duplicate: bool = Field(False, description="Register it although the county has a space with the same name.")


facilities = crud_router(
    model=Facility, out_schema=FacilityOut, in_schema=FacilityIn, form_class=FacilityForm,
    filterset_class=FacilityFilterSet, tags=["spaces"], workflow=workflows.FACILITY,
)



def _ids(related) -> list[int]:
    return [item.pk for item in related.all()]


class EventOut(Schema):
    id: int
    title: str
    kind: str = Field(description="course, workshop, class or briefing")
    province: int = Field(alias="province_id")
    area: int = Field(alias="area_id")
    audience: str
    description: str
    instructors: list[int] = Field(description="Ambassador ids.")
    capacity: int
    needs_approval: bool
    public: bool
    offer_hours: int
    certificate_sessions: int
    status: str = Field(description="draft, submitted, returned, approved, published, held, closed or cancelled")
    decision_comment: str
    cancel_reason: str

    @staticmethod
    def resolve_instructors(obj):
        return _ids(obj.instructors)


class EventIn(Schema):
    title: str
    kind: str
    province: int
    area: int
    audience: str
    description: str = ""
    instructors: list[int] = Field([], description="Ids of active ambassadors who teach it.")
    capacity: int
    needs_approval: bool = False
    public: bool = True
    offer_hours: int = 48
    certificate_sessions: int = Field(1, description="Sessions to attend for a certificate.")


events = crud_router(
    model=Event, out_schema=EventOut, in_schema=EventIn, form_class=EventForm, filterset_class=EventFilterSet,
    tags=["events"], workflow=workflows.EVENT, queryset=lambda request: Event.objects.prefetch_related("instructors"),
)


class SessionOut(Schema):
    id: int
    event: int = Field(alias="event_id")
    starts_at: datetime = Field(description="Asia/Tehran time.")
    ends_at: datetime
    date_jalali: str
    facility: int | None = Field(alias="facility_id")
    online_link: str

    @staticmethod
    def resolve_starts_at(obj):
        return timezone.localtime(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj):
        return timezone.localtime(obj.ends_at)

    @staticmethod
    def resolve_date_jalali(obj):
        return jalali.format_date(obj.local_date, persian_digits=False)


class SessionIn(Schema):
    event: int = Field(description="A draft or returned event.")
    date: str = Field(description="Jalali (1405/09/10) or ISO date.")
    start: str = Field(description="Tehran time, e.g. 10:00.")
    end: str = Field(description="Tehran time, e.g. 12:00; the range is half-open [start, end).")
    facility: int | None = Field(None, description="A space open for booking; or give online_link.")
    online_link: str = ""


sessions = crud_router(
    model=Session, out_schema=SessionOut, in_schema=SessionIn, form_class=SessionForm, filterset_class=SessionFilterSet,
    tags=["sessions"], workflow=workflows.SESSION,
)


class BookingOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    facility: int | None = Field(alias="facility_id")
    instructor: int | None = Field(alias="instructor_id")
    starts_at: datetime
    ends_at: datetime
    active: bool


bookings = crud_router(model=Booking, out_schema=BookingOut, filterset_class=BookingFilterSet, tags=["bookings"])



class RegistrationOut(Schema):
    id: int
    event: int = Field(alias="event_id")
    full_name: str
    ambassador: int | None = Field(alias="ambassador_id")
    status: str = Field(description="requested, confirmed, waitlisted, offered, expired, declined or cancelled")
    code: str
    source: str
    consent: bool
    offered_until: datetime | None


class RegistrationIn(Schema):
    event: int = Field(description="A published event.")
    full_name: str
    mobile: str
    national_code: str = ""
    ambassador: int | None = None
    consent: bool = False


registrations = crud_router(
    model=Registration, out_schema=RegistrationOut, in_schema=RegistrationIn, form_class=RegistrationForm,
    filterset_class=RegistrationFilterSet, tags=["registrations"], workflow=workflows.REGISTRATION,
)


class AttendanceOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    registration: int = Field(alias="registration_id")
    status: str = Field(description="present, late, left_early, absent or excused")
    by_code: bool


attendance = crud_router(model=Attendance, out_schema=AttendanceOut, filterset_class=AttendanceFilterSet,
                         tags=["attendance"])



class CertificateOut(Schema):
    id: int
    registration: int = Field(alias="registration_id")
    serial: str
    issued_on: date
    sessions_attended: int
    revoked: bool
    revoke_reason: str


certificates = crud_router(model=Certificate, out_schema=CertificateOut, filterset_class=CertificateFilterSet,
                           tags=["certificates"], workflow=workflows.CERTIFICATE)

class SessionReminderOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    registration: int = Field(alias="registration_id")
    channel: str = Field(description="inbox or sms")
    status: str = Field(description="queued, sent, failed or skipped")
    sent_at: datetime | None
    gateway_reference: str = Field(description="The SMS gateway's message id and delivery status.")
    error: str


reminders = crud_router(model=SessionReminder, out_schema=SessionReminderOut, filterset_class=SessionReminderFilterSet,
                        tags=["sessions"])

ROUTERS = [("/facilities", facilities), ("/events", events), ("/sessions", sessions), ("/bookings", bookings),
           ("/registrations", registrations), ("/attendance", attendance),
           ("/certificates", certificates), ("/session-reminders", reminders)]
