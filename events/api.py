from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from core import jalali
from core.api import READ_ERRORS, apply_filters, crud_router, filter_schema, get_visible, require_perm
from core.totals import TotalsGroupOut

from . import workflows
from .filters import (
    AttendanceFilterSet,
    BookingFilterSet,
    CertificateFilterSet,
    EventFilterSet,
    FacilityFilterSet,
    QualificationFilterSet,
    QualificationHeldFilterSet,
    RegistrationFilterSet,
    SessionFilterSet,
    SessionReminderFilterSet,
)
from .forms import EventForm, FacilityForm, QualificationForm, QualificationHeldForm, RegistrationForm, SessionForm
from .models import (
    Attendance,
    Booking,
    Certificate,
    Event,
    Facility,
    Qualification,
    QualificationHeld,
    Registration,
    Session,
    SessionReminder,
)


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
    photo_url: str = Field(description="The photo (re-encoded JPEG), for those who may see the space; empty if none.")

    @staticmethod
    def resolve_photo_url(obj):
        from django.urls import reverse

        return reverse("events:facility_photo", args=[obj.pk]) if obj.photo else ""

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
    guest_instructors: list[int] = Field(description="Ids of retirees of the roster who teach it as guests.")
    capacity: int
    needs_approval: bool
    public: bool
    offer_hours: int
    certificate_sessions: int
    required_of: str = Field(description="For a briefing: '', ambassadors or coordinators (of its area).")
    grants: int | None = Field(alias="grants_id", description="The qualification its certificate gives.")
    status: str = Field(description="draft, submitted, returned, approved, published, held, closed or cancelled")
    decision_comment: str
    cancel_reason: str

    @staticmethod
    def resolve_instructors(obj):
        return _ids(obj.instructors)

    @staticmethod
    def resolve_guest_instructors(obj):
        return _ids(obj.guest_instructors)


class EventIn(Schema):
    title: str
    kind: str
    province: int
    area: int
    audience: str
    description: str = ""
    instructors: list[int] = Field([], description="Ids of active ambassadors who teach it.")
    guest_instructors: list[int] = Field(
        [], description="Ids of retirees of the event's province who agreed to be contacted and teach it as guests.")
    capacity: int
    needs_approval: bool = False
    public: bool = True
    offer_hours: int = 48
    certificate_sessions: int = Field(1, description="Sessions to attend for a certificate.")
    required_of: str = Field("", description="Only for a briefing: ambassadors or coordinators of its area.")
    grants: int | None = Field(None, description="A qualification id: those who earn the certificate get it.")


events = crud_router(
    model=Event, out_schema=EventOut, in_schema=EventIn, form_class=EventForm, filterset_class=EventFilterSet,
    tags=["events"], workflow=workflows.EVENT, queryset=lambda request: Event.objects.prefetch_related("instructors", "guest_instructors"),
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
SessionParams = filter_schema(SessionFilterSet)


@sessions.get("/totals", response={200: list[TotalsGroupOut], **READ_ERRORS}, operation_id="session_totals")
def session_totals(request, filters: Query[SessionParams]):  # type: ignore[valid-type]
    """Sessions of held or closed events, their hours and participants by area, county and Jalali
    month, for the same filters as the list."""
    from .totals import session_totals as totals

    require_perm(request, Session, "view")
    return totals(apply_filters(request, Session.objects.visible_to(request.user), SessionFilterSet, filters))


class BookingOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    facility: int | None = Field(alias="facility_id")
    instructor: int | None = Field(alias="instructor_id")
    guest_instructor: int | None = Field(alias="guest_instructor_id", description="A retiree teaching as a guest.")
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
    kind: str = Field(description="reminder (the day before a session) or cancelled (the event is cancelled)")
    event: int = Field(alias="event_id")
    session: int | None = Field(alias="session_id", description="The session reminded of; empty for a cancellation.")
    registration: int | None = Field(alias="registration_id", description="The person registered; empty for a guest.")
    guest: int | None = Field(alias="guest_id", description=(
        "A guest instructor (a retiree's id) told of a cancellation; the mobile is never given."))
    channel: str = Field(description="inbox or sms")
    status: str = Field(description="queued, sent, failed or skipped")
    sent_at: datetime | None
    gateway_reference: str = Field(description="The SMS gateway's message id and delivery status.")
    error: str


reminders = crud_router(model=SessionReminder, out_schema=SessionReminderOut, filterset_class=SessionReminderFilterSet,
                        tags=["sessions"])

class QualificationOut(Schema):
    id: int
    name: str
    description: str
    validity_months: int | None = Field(description="Empty: never expires.")
    renewal_days: int


class QualificationIn(Schema):
    name: str
    description: str = ""
    validity_months: int | None = None
    renewal_days: int = 30


qualifications = crud_router(model=Qualification, out_schema=QualificationOut, in_schema=QualificationIn,
                             form_class=QualificationForm, filterset_class=QualificationFilterSet, tags=["training"])


class QualificationHeldOut(Schema):
    id: int
    ambassador: int = Field(alias="ambassador_id")
    qualification: int = Field(alias="qualification_id")
    obtained_on: date
    expires_on: date | None
    expires_on_jalali: str
    event: int | None = Field(alias="event_id")
    note: str

    @staticmethod
    def resolve_expires_on_jalali(obj):
        return jalali.format_date(obj.expires_on, persian_digits=False) if obj.expires_on else ""


class QualificationHeldIn(Schema):
    ambassador: int
    qualification: int
    obtained_on: str = Field(description="Jalali or ISO date; not in the future.")
    event: int | None = None
    note: str = ""


qualifications_held = crud_router(
    model=QualificationHeld, out_schema=QualificationHeldOut, in_schema=QualificationHeldIn,
    form_class=QualificationHeldForm, filterset_class=QualificationHeldFilterSet, tags=["training"],
)


class DueOut(Schema):
    kind: str = Field(description="briefing, missed, expiring or expired")
    label: str
    when: str
    url: str


class TrainingEventOut(Schema):
    event: int
    title: str
    date: str


class TrainingQualificationOut(Schema):
    id: int
    qualification: str
    obtained_on: date
    expires_on: date | None
    state: str = Field(description="valid, expiring, expired or permanent")


class TrainingRecordOut(Schema):
    ambassador: int
    due: list[DueOut]
    briefings_attended: list[TrainingEventOut]
    courses_completed: list[TrainingEventOut]
    qualifications: list[TrainingQualificationOut]


training_records = Router(tags=["training"])


@training_records.get("/{int:ambassador_id}", response={200: TrainingRecordOut, **READ_ERRORS},
                      operation_id="training_record")
def training_record(request, ambassador_id: int):
    """An ambassador's training record: what is due, briefings attended, courses completed and
    qualifications with their state — the same as the page."""
    from ambassadors.models import Ambassador

    from .training import training_record as compile_record

    require_perm(request, QualificationHeld, "view")
    record = compile_record(get_visible(request, Ambassador, ambassador_id))
    return {
        "ambassador": ambassador_id,
        "due": [{"kind": item.kind, "label": item.label, "when": item.when, "url": item.url} for item in record.due],
        "briefings_attended": [{"event": event.pk, "title": event.title, "date": when} for event, when in record.briefings],
        "courses_completed": [{"event": item.registration.event_id, "title": item.registration.event.title,
                               "date": jalali.format_date(item.issued_on, persian_digits=False)} for item in record.courses],
        "qualifications": [{"id": line.held.pk, "qualification": line.held.qualification.name,
                            "obtained_on": line.held.obtained_on, "expires_on": line.held.expires_on,
                            "state": line.state} for line in record.qualifications],
    }


ROUTERS = [("/facilities", facilities), ("/events", events), ("/sessions", sessions), ("/bookings", bookings),
           ("/registrations", registrations), ("/attendance", attendance),
           ("/certificates", certificates), ("/session-reminders", reminders),
           ("/qualifications", qualifications), ("/qualifications-held", qualifications_held),
           ("/training-records", training_records)]
