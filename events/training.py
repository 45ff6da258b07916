"""Briefings and training (D12).

A briefing (an event of kind "briefing") may require the attendance of the active ambassadors
of its area — all of them, or those who coordinate there. Each ambassador's **training record**
gathers the briefings they attended, the courses they completed (a certificate), and the
qualifications they hold with their expiry; it says what is due: required briefings coming up
or missed, qualifications expiring within their renewal window or expired.

`send_training_reminders` (daily, idempotent through the outbox's keys) reminds holders and
their coordinators before a qualification expires, and tells the area's coordinators who
missed a required briefing once it is over (also at once when the briefing is closed).
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from core import display, jalali
from core.roles import Role
from notifications.services import notify, site_language

from .choices import EventKind, EventStatus, RequiredOf
from .models import ACTIVE, ATTENDED, Attendance, Certificate, Event, QualificationHeld

# A briefing whose attendance counts: planned or done (not a draft still changing, nor cancelled).
LIVE = [EventStatus.APPROVED, EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED]
# How long after its last session a held briefing's attendance is taken as final.
SETTLED_AFTER = datetime.timedelta(days=1)


def required_ambassadors(event: Event):
    """The active ambassadors of the event's province and area whose attendance it requires."""
    if not event.required_of or event.kind != EventKind.BRIEFING:
        return Ambassador.objects.none()
    people = Ambassador.objects.filter(province_id=event.province_id, areas=event.area_id, status=AmbassadorStatus.ACTIVE)
    if event.required_of == RequiredOf.COORDINATORS:
        people = people.filter(user__role=Role.COORDINATOR, user__is_active=True)
    return people.distinct()


def required_briefings(ambassador: Ambassador):
    """Briefings requiring this ambassador's attendance."""
    briefings = Event.objects.filter(kind=EventKind.BRIEFING, province_id=ambassador.province_id,
                                     area__in=ambassador.areas.all(), status__in=LIVE).exclude(required_of="")
    coordinates = ambassador.user_id is not None and ambassador.user.role == Role.COORDINATOR and ambassador.user.is_active
    if not coordinates:
        briefings = briefings.filter(required_of=RequiredOf.AMBASSADORS)
    return briefings.annotate(first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at")).distinct()


def attended_events(ambassador: Ambassador) -> set[int]:
    return set(Attendance.objects.filter(registration__ambassador=ambassador, status__in=ATTENDED)
               .values_list("session__event", flat=True))


def is_settled(event, now=None) -> bool:
    """Over: closed, or held and a day past its last session."""
    now = now or timezone.now()
    last_end = getattr(event, "last_end", None) or event.sessions.aggregate(end=Max("ends_at"))["end"]
    return event.status == EventStatus.CLOSED or (
        event.status == EventStatus.HELD and last_end is not None and last_end + SETTLED_AFTER <= now)


@dataclass
class Due:
    kind: str  # "briefing", "missed", "expiring", "expired"
    label: str
    when: str
    url: str = ""
    urgent: bool = False


@dataclass
class QualificationLine:
    held: QualificationHeld
    state: str  # "valid", "expiring", "expired", "permanent"
    state_label: str
    expires: str


@dataclass
class TrainingRecord:
    ambassador: Ambassador
    briefings: list = field(default_factory=list)  # (event, date text)
    courses: list = field(default_factory=list)  # certificates
    qualifications: list[QualificationLine] = field(default_factory=list)
    due: list[Due] = field(default_factory=list)


def qualification_state(held: QualificationHeld, today) -> tuple[str, str]:
    if held.expires_on is None:
        return "permanent", _("Does not expire")
    if held.expires_on < today:
        return "expired", _("Expired")
    if held.expires_on - datetime.timedelta(days=held.qualification.renewal_days) <= today:
        return "expiring", _("Due for renewal")
    return "valid", _("Valid")


def current_qualifications(ambassador: Ambassador) -> list[QualificationHeld]:
    """The newest row of each qualification the ambassador holds."""
    newest = {}
    for held in (QualificationHeld.objects.filter(ambassador=ambassador).select_related("qualification", "event")
                 .order_by("qualification__name", "-obtained_on", "-pk")):
        newest.setdefault(held.qualification_id, held)
    return list(newest.values())


def training_record(ambassador: Ambassador, today=None) -> TrainingRecord:
    today = today or timezone.localdate()
    now = timezone.now()
    record = TrainingRecord(ambassador)
    attended = attended_events(ambassador)
    briefing_rows = (Attendance.objects.filter(registration__ambassador=ambassador, status__in=ATTENDED,
                                               session__event__kind=EventKind.BRIEFING)
                     .select_related("session__event").order_by("-session__starts_at"))
    seen = set()
    for row in briefing_rows:
        if row.session.event_id not in seen:
            seen.add(row.session.event_id)
            record.briefings.append((row.session.event, jalali.format_date(row.session.local_date)))
    record.courses = list(Certificate.objects.filter(registration__ambassador=ambassador, revoked=False)
                          .exclude(registration__event__kind=EventKind.BRIEFING)
                          .select_related("registration__event").order_by("-issued_on"))
    registered = set(ambassador.registrations.filter(status__in=ACTIVE).values_list("event", flat=True))
    for briefing in required_briefings(ambassador).order_by("first_start"):
        if briefing.pk in attended:
            continue
        when = jalali.format_date(timezone.localtime(briefing.first_start).date()) if briefing.first_start else "—"
        if is_settled(briefing, now):
            record.due.append(Due("missed", _("Missed a required briefing: %(event)s") % {"event": briefing}, when,
                                  briefing.get_absolute_url(), urgent=True))
        elif briefing.first_start is None or briefing.first_start > now or briefing.status == EventStatus.PUBLISHED:
            label = (_("Required briefing (registered): %(event)s") if briefing.pk in registered
                     else _("Required briefing, not registered yet: %(event)s")) % {"event": briefing}
            record.due.append(Due("briefing", label, when, briefing.get_absolute_url()))
        else:  # held, attendance not settled yet
            record.due.append(Due("briefing", _("Required briefing, attendance not entered yet: %(event)s")
                                  % {"event": briefing}, when, briefing.get_absolute_url()))
    for held in current_qualifications(ambassador):
        state, label = qualification_state(held, today)
        expires = jalali.format_date(held.expires_on) if held.expires_on else "—"
        record.qualifications.append(QualificationLine(held, state, label, expires))
        if state == "expired":
            record.due.append(Due("expired", _("Renew “%(qualification)s”: it has expired") % {
                "qualification": held.qualification}, expires, held.get_absolute_url(), urgent=True))
        elif state == "expiring":
            record.due.append(Due("expiring", _("Renew “%(qualification)s” before it expires") % {
                "qualification": held.qualification}, expires, held.get_absolute_url()))
    return record


# --- reminders and flags ---------------------------------------------------------------------

def area_coordinators(province_id, area_ids):
    """Active coordinators of the province who work in one of these areas, or in every area."""
    return (User.objects.filter(role=Role.COORDINATOR, province_id=province_id, is_active=True)
            .filter(Q(areas__in=list(area_ids)) | Q(areas__isnull=True)).distinct())


def flag_missed(event: Event) -> int:
    """Tell the area's coordinators, once, who missed this required briefing. Returns how many
    coordinators were told."""
    attended = set(Attendance.objects.filter(session__event=event, status__in=ATTENDED)
                   .values_list("registration__ambassador", flat=True))
    missed = [person for person in required_ambassadors(event).order_by("last_name", "first_name")
              if person.pk not in attended]
    if not missed:
        return 0
    told = 0
    for coordinator in area_coordinators(event.province_id, [event.area_id]):
        with site_language():
            names = "، ".join(str(person) for person in missed)
            told += notify(
                coordinator, _("Missed a required briefing: %(event)s") % {"event": event},
                _("%(count)s people did not attend this required briefing: %(names)s. Plan another session for them.")
                % {"count": display.number(len(missed)), "names": names},
                link=event.get_absolute_url(), key=f"briefing-missed:{event.pk}:{coordinator.pk}",
            ) is not None
    return told


def flag_missed_briefings(now=None) -> int:
    now = now or timezone.now()
    told = 0
    briefings = (Event.objects.filter(kind=EventKind.BRIEFING, status__in=[EventStatus.HELD, EventStatus.CLOSED])
                 .exclude(required_of="").annotate(last_end=Max("sessions__ends_at"))
                 .filter(last_end__gte=now - datetime.timedelta(days=120)))
    for event in briefings:
        if is_settled(event, now):
            told += flag_missed(event)
    return told


def remind_expiring(today=None) -> int:
    """Remind, once per qualification held, its holder (if they have an account) and their area's
    coordinators when it enters its renewal window. Returns the number of messages written."""
    today = today or timezone.localdate()
    sent = 0
    candidates = (QualificationHeld.objects.filter(expires_on__gte=today, ambassador__status=AmbassadorStatus.ACTIVE)
                  .select_related("qualification", "ambassador__user"))
    for held in candidates:
        if held.expires_on - datetime.timedelta(days=held.qualification.renewal_days) > today:
            continue
        if current_qualifications_of(held) != held.pk:
            continue  # renewed since
        people = list(area_coordinators(held.ambassador.province_id, held.ambassador.areas.values_list("pk", flat=True)))
        if held.ambassador.user_id:
            people.append(held.ambassador.user)
        for person in people:
            with site_language():
                sent += notify(
                    person, _("Qualification to renew: %(qualification)s") % {"qualification": held.qualification},
                    _("%(ambassador)s's qualification “%(qualification)s” expires on %(date)s. Plan the renewal.")
                    % {"ambassador": held.ambassador, "qualification": held.qualification,
                       "date": jalali.format_date_long(held.expires_on)},
                    link=held.get_absolute_url(), key=f"qualification-expiry:{held.pk}:{person.pk}",
                ) is not None
    return sent


def current_qualifications_of(held: QualificationHeld) -> int:
    return (QualificationHeld.objects.filter(ambassador_id=held.ambassador_id, qualification_id=held.qualification_id)
            .order_by("-obtained_on", "-pk").values_list("pk", flat=True).first())


def award_qualification(event: Event, certificate, by) -> QualificationHeld | None:
    """The event's qualification for an ambassador who earned its certificate."""
    ambassador = certificate.registration.ambassador
    if event.grants_id is None or ambassador is None:
        return None
    held = QualificationHeld(ambassador=ambassador, qualification=event.grants, obtained_on=certificate.issued_on,
                             event=event, created_by=by)
    held.set_expires_on()
    if QualificationHeld.objects.filter(ambassador=ambassador, qualification=event.grants,
                                        obtained_on=certificate.issued_on).exists():
        return None
    held.save()
    return held
