"""Workflows of events (D6, D12) and the spaces they use (D8). Only these functions change a
`status`; each is atomic, checks the current state and writes one audit row (core.workflow)."""
import secrets

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import display, jalali
from core.roles import Role
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language

from . import registration, reminders, training
from .booking import release_bookings
from .choices import AttendanceStatus, EventStatus, FacilityStatus, RegistrationStatus
from .models import ACTIVE, ATTENDED, EDITABLE, Attendance, Certificate, Event, Facility, Registration

# --- spaces (D8) ---------------------------------------------------------------------------

def check_can_change_facility(facility: Facility) -> None:
    if facility.status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
        raise Inapplicable(_("This space is “%(status)s” and stays on record as it is.") % {"status": facility.get_status_display()})


def check_can_verify(facility: Facility) -> None:
    if facility.status != FacilityStatus.REPORTED:
        raise Inapplicable(_("This space was already visited and verified."))


def check_can_open(facility: Facility) -> None:
    if facility.status == FacilityStatus.REPORTED:
        raise WorkflowError(_("Visit the space and verify it first; then it can be opened for booking."))
    if facility.status != FacilityStatus.VERIFIED:
        raise Inapplicable(_("Only a verified space can be opened for booking."))


def check_can_mark_unsuitable(facility: Facility) -> None:
    if facility.status not in (FacilityStatus.REPORTED, FacilityStatus.VERIFIED, FacilityStatus.AVAILABLE):
        raise Inapplicable(_("This space is already off the list."))


def check_can_retire(facility: Facility) -> None:
    if facility.status not in (FacilityStatus.VERIFIED, FacilityStatus.AVAILABLE):
        raise Inapplicable(_("Only a verified or available space can be retired."))


def facility_verify(facility: Facility, by, *, visited_on, seats, visit_notes: str = "") -> Facility:
    """Record the visit: the seats counted there replace the reported number."""
    with transition(facility, "facility_verify", by, check_can_verify, visit_notes=visit_notes) as step:
        step.set(status=FacilityStatus.VERIFIED, visited_on=visited_on, seats=seats, visit_notes=visit_notes,
                 verified_by=by)
    return step.obj


def facility_open(facility: Facility, by) -> Facility:
    with transition(facility, "facility_open", by, check_can_open) as step:
        step.set(status=FacilityStatus.AVAILABLE)
    return step.obj


def _close(facility, by, event, guard, status, reason):
    with transition(facility, event, by, guard, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why, so others know whether to look again later."))
        step.set(status=status, status_reason=reason)
    return step.obj


def facility_mark_unsuitable(facility: Facility, by, *, reason: str) -> Facility:
    return _close(facility, by, "facility_mark_unsuitable", check_can_mark_unsuitable, FacilityStatus.UNSUITABLE, reason)


def facility_retire(facility: Facility, by, *, reason: str) -> Facility:
    return _close(facility, by, "facility_retire", check_can_retire, FacilityStatus.RETIRED, reason)


# --- events (D6, D12) -------------------------------------------------------------------------

def _status(event) -> dict:
    return {"status": event.get_status_display()}


def check_can_change_event(event: Event) -> None:
    if event.status not in EDITABLE:
        raise Inapplicable(_("This event is “%(status)s”: only a draft or a returned event can be edited.") % _status(event))


def check_can_change_session(session) -> None:
    if session.event.status not in EDITABLE:
        raise WorkflowError(
            _("The event is “%(status)s”: its sessions can no longer be changed. Cancel it and plan a new one instead.")
            % _status(session.event))


def check_can_submit(event: Event) -> None:
    if event.status not in EDITABLE:
        raise Inapplicable(_("This event was already submitted."))
    if not event.sessions.exists():
        raise WorkflowError(_("Add at least one session (date, time and place) before submitting the event."))


def check_can_decide(event: Event) -> None:
    if event.status != EventStatus.SUBMITTED:
        raise Inapplicable(_("Only an event awaiting approval can be approved or returned."))


def check_can_publish(event: Event) -> None:
    if event.status in (EventStatus.DRAFT, EventStatus.SUBMITTED, EventStatus.RETURNED):
        raise WorkflowError(_("The provincial manager has not approved this event yet; it can be published once approved."))
    if event.status != EventStatus.APPROVED:
        raise Inapplicable(_("This event is already published."))


def check_can_hold(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise Inapplicable(_("Only a published event can be recorded as held."))
    first = event.sessions.order_by("starts_at").first()
    if first is None or first.starts_at > timezone.now():
        raise WorkflowError(_("The first session has not started yet: record the event as held once it has taken place."))


def check_can_close(event: Event) -> None:
    if event.status != EventStatus.HELD:
        raise Inapplicable(_("Only an event recorded as held can be closed."))


def check_can_cancel(event: Event) -> None:
    if event.status in (EventStatus.HELD, EventStatus.CLOSED, EventStatus.CANCELLED):
        raise Inapplicable(_("This event is “%(status)s”, so it cannot be cancelled.") % _status(event))


def _managers(event):
    return User.objects.filter(role=Role.PROVINCIAL_MANAGER, province_id=event.province_id, is_active=True)


def event_submit(event: Event, by) -> Event:
    with transition(event, "event_submit", by, check_can_submit) as step:
        step.set(status=EventStatus.SUBMITTED, submitted_at=timezone.now())
        event = step.obj
        for manager in _managers(event):
            with site_language():
                notify(manager, _("Event to approve: %(event)s") % {"event": event},
                       _("%(person)s asks you to approve %(event)s. Approve it, or return it with your reason.")
                       % {"person": by, "event": event}, link=event.get_absolute_url())
    return event


def event_approve(event: Event, by, *, comment: str = "") -> Event:
    with transition(event, "event_approve", by, check_can_decide, comment=comment) as step:
        step.set(status=EventStatus.APPROVED, decided_by=by, decided_at=timezone.now(), decision_comment=comment)
        event = step.obj
        with site_language():
            notify(event.created_by, _("Event approved: %(event)s") % {"event": event},
                   (comment or _("Publish it so that people can register.")), link=event.get_absolute_url())
    return event


def event_return(event: Event, by, *, reason: str) -> Event:
    with transition(event, "event_return", by, check_can_decide, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say what to change, so the coordinator can correct it and submit it again."))
        step.set(status=EventStatus.RETURNED, decided_by=by, decided_at=timezone.now(), decision_comment=reason)
        event = step.obj
        with site_language():
            notify(event.created_by, _("Event returned for changes: %(event)s") % {"event": event}, reason,
                   link=event.get_absolute_url())
    return event


def event_publish(event: Event, by) -> Event:
    with transition(event, "event_publish", by, check_can_publish) as step:
        step.set(status=EventStatus.PUBLISHED, published_at=timezone.now(), sequence=step.obj.sequence + 1)
    return step.obj


def event_hold(event: Event, by, *, note: str = "") -> Event:
    with transition(event, "event_hold", by, check_can_hold, note=note) as step:
        step.set(status=EventStatus.HELD)
    return step.obj


def event_close(event: Event, by, *, note: str = "") -> Event:
    with transition(event, "event_close", by, check_can_close, note=note) as step:
        step.set(status=EventStatus.CLOSED)
        # A required briefing's attendance is final now: the coordinators hear who missed it.
        step.note(missed_told=training.flag_missed(step.obj))
    return step.obj


def event_cancel(event: Event, by, *, reason: str) -> Event:
    """Cancel, free the event's spaces and instructors, and tell everyone registered and every
    guest instructor."""
    with transition(event, "event_cancel", by, check_can_cancel, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the event is cancelled: everyone registered and every instructor is told."))
        step.set(status=EventStatus.CANCELLED, cancel_reason=reason, sequence=step.obj.sequence + 1)
        event = step.obj
        release_bookings(event)
        step.note(told=tell_cancelled(event, reason))
    return step.obj


def tell_cancelled(event: Event, reason: str) -> dict:
    """Tell instructors and registrants with an account in Safiran's inbox, the registrants
    without one by SMS when they agreed to be contacted (events.reminders.tell_cancelled, sent
    after commit, once per registration), and the guest instructors of the roster by SMS
    (events.reminders.tell_guests, once per guest). The counts are kept in the audit row:
    `guests` texted, `guests_not_sent` with a row saying why."""
    people = {person.user for person in event.instructors.select_related("user") if person.user_id}
    people |= set(registrant_users(event))
    told = 0
    for person in people:
        with site_language():
            told += notify(person, _("Cancelled: %(event)s") % {"event": event}, reason,
                           key=f"event-cancelled:{event.pk}:{person.pk}") is not None
    by_sms = reminders.tell_cancelled(event)
    guests = reminders.tell_guests(event)
    return {"inbox": told, "sms": by_sms["sms"], "not_sent": by_sms["skipped"],
            "guests": guests["sms"], "guests_not_sent": guests["skipped"]}


def registrant_users(event):
    """Accounts of the people registered for the event: ambassadors who have one."""
    registrations = event.registrations.filter(status__in=ACTIVE, ambassador__user__isnull=False)
    return [registration.ambassador.user for registration in registrations.select_related("ambassador__user")]


def check_can_set_capacity(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise Inapplicable(_("The capacity of a published event is changed here; edit a draft directly."))


def event_set_capacity(event: Event, by, *, capacity: int) -> Event:
    """A new capacity (never above the smallest space's seats); every new place goes at once to
    the people waiting, first come first served."""
    with transition(event, "event_set_capacity", by, check_can_set_capacity, capacity=capacity) as step:
        smallest = Facility.objects.filter(sessions__event=step.obj).order_by("seats").first()
        if smallest is not None and capacity > smallest.seats:
            raise WorkflowError(_("%(facility)s seats %(seats)s: the capacity cannot be larger.")
                                % {"facility": smallest, "seats": smallest.seats})
        taken = registration.places_taken(step.obj)
        if capacity < taken:
            raise WorkflowError(_("%(taken)s places are already taken: the capacity cannot be lower.")
                                % {"taken": display.number(taken)})
        step.set(capacity=capacity)
        step.save()
        registration.fill_places(step.obj, by)
    return step.obj


# --- registrations ----------------------------------------------------------------------------

def registration_create(by, *, event, **fields) -> Registration:
    """Staff register a person (the workflow's creation service, pages and API)."""
    return registration.register(event, by, **fields)


def check_can_change_registration(item: Registration) -> None:
    raise WorkflowError(_("A registration is not edited: cancel it and register the person again."))


def check_can_decide_registration(item: Registration) -> None:
    if item.status != RegistrationStatus.REQUESTED:
        raise Inapplicable(_("Only a registration awaiting approval can be approved or declined."))


def check_can_accept(item: Registration) -> None:
    if item.status != RegistrationStatus.OFFERED:
        raise Inapplicable(_("No place is on offer to this person."))
    if item.offered_until < timezone.now():
        raise WorkflowError(_("The offer has expired; the place went to the next person waiting."))


def check_can_cancel_registration(item: Registration) -> None:
    if item.status not in ACTIVE:
        raise Inapplicable(_("This registration has already ended."))
    if item.event.status in (EventStatus.HELD, EventStatus.CLOSED, EventStatus.CANCELLED):
        raise Inapplicable(_("The event is over; its registrations stay as they are."))


def registration_approve(item: Registration, by) -> Registration:
    with transaction.atomic():
        registration._lock(item.event)
        with transition(item, "registration_approve", by, check_can_decide_registration) as step:
            free = registration.places_left(step.obj.event) > 0
            step.set(status=RegistrationStatus.CONFIRMED if free else RegistrationStatus.WAITLISTED)
    return step.obj


def registration_decline(item: Registration, by, *, reason: str) -> Registration:
    with transition(item, "registration_decline", by, check_can_decide_registration, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why, so the person can be told."))
        step.set(status=RegistrationStatus.DECLINED, cancel_reason=reason)
    return step.obj


def registration_accept(item: Registration, by) -> Registration:
    """The person takes the place offered from the waiting list."""
    with transition(item, "registration_accept", by, check_can_accept) as step:
        step.set(status=RegistrationStatus.CONFIRMED, offered_until=None)
    return step.obj


def registration_cancel(item: Registration, by, *, reason: str = "") -> Registration:
    """Cancel; a freed place goes at once to the next person waiting."""
    with transaction.atomic():
        registration._lock(item.event)
        with transition(item, "registration_cancel", by, check_can_cancel_registration, reason=reason) as step:
            freed = step.obj.holds_place
            step.set(status=RegistrationStatus.CANCELLED, cancel_reason=reason, offered_until=None)
        if freed:
            registration.fill_places(step.obj.event, by)
    return step.obj


# --- attendance ---------------------------------------------------------------------------------

def check_can_record_attendance(session) -> None:
    event = session.event
    if event.status in (EventStatus.DRAFT, EventStatus.SUBMITTED, EventStatus.RETURNED, EventStatus.APPROVED):
        raise WorkflowError(_("Attendance is taken for a published event."))
    if event.status in (EventStatus.CLOSED, EventStatus.CANCELLED):
        raise Inapplicable(_("The event is “%(status)s”: attendance can no longer change.") % _status(event))
    if session.starts_at > timezone.now():
        raise WorkflowError(_("This session has not started yet: take attendance once it begins."))


def session_record_attendance(session, by, *, marks: dict, by_code=()) -> object:
    """Record each person's attendance (registration id → status); codes typed at the door mark
    their holders present. Only confirmed registrations of the session's event."""
    with transition(session, "session_attendance", by, check_can_record_attendance) as step:
        session = step.obj
        allowed = set(session.event.registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("pk", flat=True))
        marks = {int(pk): value for pk, value in marks.items()}
        for pk in by_code:
            marks[int(pk)] = AttendanceStatus.PRESENT
        strangers = set(marks) - allowed
        if strangers:
            raise WorkflowError(_("Only people with a confirmed place at this event can be marked."))
        for pk, value in marks.items():
            if value not in AttendanceStatus.values:
                raise WorkflowError(_("Choose present, late, left early, absent or excused."))
            Attendance.objects.update_or_create(
                session=session, registration_id=pk,
                defaults={"status": value, "by_code": pk in set(map(int, by_code))},
                create_defaults={"status": value, "by_code": pk in set(map(int, by_code)), "created_by": by},
            )
        step.note(marked=len(marks), by_code=len(by_code))
    return step.obj


def refusal_of(guard, obj):
    """The guard's refusal (WorkflowError or Inapplicable), or None when the step may be taken."""
    try:
        guard(obj)
    except WorkflowError as error:
        return error
    return None


# --- certificates -------------------------------------------------------------------------------

def check_can_issue_certificates(event: Event) -> None:
    if event.status not in (EventStatus.HELD, EventStatus.CLOSED):
        raise WorkflowError(_("Certificates are issued once the event is recorded as held and attendance is entered."))


def event_issue_certificates(event: Event, by) -> Event:
    """A certificate for everyone with a confirmed place who attended at least the event's
    `certificate_sessions` sessions and has none yet. Running it again issues only new ones."""
    with transition(event, "event_issue_certificates", by, check_can_issue_certificates) as step:
        event = step.obj
        issued = awarded = 0
        today = timezone.localdate()
        attended = (Attendance.objects.filter(session__event=event, status__in=ATTENDED,
                                              registration__status=RegistrationStatus.CONFIRMED)
                    .values("registration").annotate(count=Count("pk")).filter(count__gte=event.certificate_sessions))
        for row in attended:
            if Certificate.objects.filter(registration_id=row["registration"]).exists():
                continue
            certificate = Certificate.objects.create(
                registration_id=row["registration"], serial=f"tmp-{secrets.token_hex(6)}", issued_on=today,
                public_code=secrets.token_hex(16), sessions_attended=row["count"], created_by=by,
            )
            year = jalali.to_jalali(today).year
            certificate.serial = f"{year}-{certificate.pk:06d}"
            certificate.save(update_fields=["serial"])
            issued += 1
            awarded += training.award_qualification(event, certificate, by) is not None
        step.note(issued=issued, qualifications=awarded)
    return step.obj


def check_can_revoke(certificate: Certificate) -> None:
    if certificate.revoked:
        raise Inapplicable(_("This certificate is already revoked."))


def certificate_revoke(certificate: Certificate, by, *, reason: str) -> Certificate:
    with transition(certificate, "certificate_revoke", by, check_can_revoke, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the certificate is revoked; the verification page shows it is no longer valid."))
        step.set(revoked=True, revoke_reason=reason)
    return step.obj
