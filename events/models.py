from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import display, jalali
from core.models import SafiranModel, ScopedQuerySet
from core.normalize import search_key
from core.search import search_expression

from .choices import (
    AttendanceStatus,
    EventKind,
    EventStatus,
    FacilityStatus,
    MessageKind,
    RegistrationSource,
    RegistrationStatus,
    ReminderChannel,
    ReminderStatus,
    RequiredOf,
)

DIGITS_ONLY = r"^[0-9]{3,15}$"
# A space events can book.
BOOKABLE = [FacilityStatus.AVAILABLE]


class FacilityQuerySet(ScopedQuerySet):
    def same_name(self, name: str):
        """Spaces whose name is the same once ی/ي, ک/ك, spaces and half-spaces are ignored."""
        return self.alias(_name_key=search_expression("name")).filter(_name_key=search_key(name))

    def bookable(self):
        return self.filter(status__in=BOOKABLE)


class Facility(SafiranModel):
    """A local space that is unused and could host the programme's events (D8): reported,
    verified after a visit, then available to book; unsuitable or retired ones stay on record.
    `status` changes only through events.services."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As people there call it, e.g. “Hall of the Red Crescent”."))
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("geo.County", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "partners.Organization", verbose_name=_("owner organisation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="facilities",
    )
    address = models.TextField(_("address"))
    seats = models.PositiveIntegerField(_("seats"), help_text=_("How many people it seats."))
    step_free = models.BooleanField(
        _("step-free access"), default=False, help_text=_("Reachable without stairs, for older and disabled people.")
    )
    accessibility = models.TextField(
        _("accessibility notes"), blank=True, help_text=_("Ramp, lift, accessible toilet, seating with backs, parking…")
    )
    free_times = models.TextField(_("free days and hours"), help_text=_("e.g. Saturday to Wednesday, 8:00 to 14:00."))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=15, blank=True)
    # Stored only re-encoded (events.photos): a fresh JPEG, no metadata; served through scope.
    photo = models.FileField(
        _("photo"), upload_to="spaces/", blank=True,
        help_text=_("A photo of the space (JPEG, PNG or WebP, up to 8 MB). Its location data and other details are removed."),
    )
    status = models.CharField(_("status"), max_length=12, choices=FacilityStatus.choices, default=FacilityStatus.REPORTED)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visit_notes = models.TextField(_("what the visit found"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    status_reason = models.TextField(_("reason"), blank=True)

    objects = models.Manager.from_queryset(FacilityQuerySet)()

    scope_province_field = "province"
    search_fields = ("name", "address", "owner__name", "contact_name")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        permissions = [
            ("verify_facility", _("Can verify spaces after a visit and open them for booking")),
            ("retire_facility", _("Can mark spaces unsuitable or no longer available")),
            ("export_facility", _("Can export spaces")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="facility_has_seats",
                violation_error_message=_("A space needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(status=FacilityStatus.REPORTED) | Q(status=FacilityStatus.UNSUITABLE) | Q(visited_on__isnull=False),
                name="facility_verified_after_visit",
                violation_error_message=_("A space is verified only after a visit: record the date of the visit."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED]) | ~Q(status_reason=""),
                name="facility_closed_has_reason",
                violation_error_message=_("Say why the space is unsuitable or no longer available."),
            ),
            models.CheckConstraint(
                condition=Q(contact_phone="") | Q(contact_phone__regex=DIGITS_ONLY),
                name="facility_phone_digits",
                violation_error_message=_("The phone number must be digits only."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            raise ValidationError({"county": _("This county is not in the chosen province.")})
        if self.owner_id and self.province_id and self.owner.province_id != self.province_id:
            raise ValidationError({"owner": _("Choose an organisation of the space's province.")})

    @property
    def is_bookable(self) -> bool:
        return self.status in BOOKABLE

    def next_booking(self, now=None):
        """The booking in force now or next (a space in use shows it), or None. A list reads them
        for its whole page at once (`with_next_booking`)."""
        if now is None and hasattr(self, "upcoming_bookings"):
            return self.upcoming_bookings[0] if self.upcoming_bookings else None
        return (self.bookings.filter(active=True, ends_at__gt=now or timezone.now())
                .select_related("session__event").order_by("starts_at").first())

    @staticmethod
    def with_next_booking(queryset):
        """`queryset` with each space's bookings in force or to come, read in one query."""
        upcoming = (Booking.objects.filter(active=True, ends_at__gt=timezone.now())
                    .select_related("session__event").order_by("starts_at"))
        return queryset.prefetch_related(models.Prefetch("bookings", queryset=upcoming, to_attr="upcoming_bookings"))


# Events whose sessions still hold their bookings (a cancelled event frees its rooms and people).
HOLDING = [EventStatus.DRAFT, EventStatus.SUBMITTED, EventStatus.RETURNED, EventStatus.APPROVED, EventStatus.PUBLISHED,
           EventStatus.HELD, EventStatus.CLOSED]
EDITABLE = [EventStatus.DRAFT, EventStatus.RETURNED]


class Event(SafiranModel):
    """A course, workshop, class or briefing (D6, D12): drafted by a coordinator, approved or
    returned by the provincial manager, published, held, closed; or cancelled. Its sessions book
    spaces and instructors. `status` changes only through events.services."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), blank=True, help_text=_("What participants will learn or do."))
    audience = models.CharField(_("audience"), max_length=300, help_text=_("Who it is for, e.g. retirees over 60 and their families."))
    instructors = models.ManyToManyField(
        "ambassadors.Ambassador", verbose_name=_("instructors"), blank=True, related_name="events_taught"
    )
    # Skilled retirees of the province's roster who agreed to be contacted (D6): shown by name
    # and county only, chosen through a search (events.views.guest_instructor_search), never a
    # list of the whole roster.
    guest_instructors = models.ManyToManyField(
        "retirees.Retiree", verbose_name=_("guest instructors"), blank=True, related_name="events_taught",
        help_text=_("Skilled retirees from the roster who agreed to be contacted."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Places; never more than the seats of its spaces."))
    needs_approval = models.BooleanField(
        _("registrations need approval"), default=False,
        help_text=_("Tick if someone must accept each registration before the place is confirmed."),
    )
    public = models.BooleanField(
        _("open to public registration"), default=True, help_text=_("Anyone may register on the public page, without signing in."),
    )
    certificate_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend for a certificate"), default=1,
        help_text=_("Those who attended at least this many sessions get a certificate."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours an offered place is held"), default=48,
        help_text=_("When a place frees up, the next person on the waiting list has this long to take it."),
    )
    required_of = models.CharField(
        _("attendance required of"), max_length=12, choices=RequiredOf.choices, blank=True,
        help_text=_("For a briefing: whose attendance it requires, among the active ambassadors of its area. "
                    "Their training records show it as due, and the coordinator is told of anyone who missed it."),
    )
    grants = models.ForeignKey(
        "events.Qualification", verbose_name=_("qualification it gives"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="events",
        help_text=_("Ambassadors who earn the certificate get this qualification, from the day it is issued."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("manager's comment"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Bumped whenever what a calendar shows changes (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    scope_province_field = "province"
    scope_area_field = "area"
    search_fields = ("title", "description", "audience")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [
            ("submit_event", _("Can submit events for approval, publish and hold them")),
            ("approve_event", _("Can approve or return events")),
            ("cancel_event", _("Can cancel events")),
            ("export_event", _("Can export events")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="event_has_capacity",
                violation_error_message=_("An event needs at least one place."),
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.RETURNED) | ~Q(decision_comment=""),
                name="event_returned_has_reason",
                violation_error_message=_("A returned event needs the manager's reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=EventStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="event_cancelled_has_reason",
                violation_error_message=_("A cancelled event needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(required_of="") | Q(kind=EventKind.BRIEFING), name="event_required_only_briefings",
                violation_error_message=_("Only a briefing can require attendance."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED])
                | Q(published_at__isnull=False),
                name="event_published_has_time",
                violation_error_message=_("A published event needs the time it was published."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.required_of and self.kind != EventKind.BRIEFING:
            errors["required_of"] = _("Only a briefing can require attendance: choose the kind “Briefing”, or leave this empty.")
        if self.pk and self.capacity:
            smallest = (Facility.objects.filter(sessions__event=self).order_by("seats").first())
            if smallest is not None and self.capacity > smallest.seats:
                errors["capacity"] = _("%(facility)s seats %(seats)s: the capacity cannot be larger.") % {
                    "facility": smallest, "seats": smallest.seats}
        if errors:
            raise ValidationError(errors)

    def first_start(self):
        return self.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()

    def has_started(self, now=None) -> bool:
        """Its first session has begun (an event without sessions has not)."""
        first = self.first_start()
        return first is not None and first <= (now or timezone.now())

    @property
    def is_open_for_registration(self) -> bool:
        """Published and not yet begun: registration closes when the first session starts."""
        return self.status == EventStatus.PUBLISHED and not self.has_started()


def format_time(value) -> str:
    """10:00 (Persian digits in the Persian UI), in Tehran time."""
    return display.digits(timezone.localtime(value).strftime("%H:%M"))


class Session(SafiranModel):
    """One meeting of an event: a half-open time range [starts_at, ends_at) in a space or online."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    facility = models.ForeignKey(
        Facility, verbose_name=_("space"), on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    online_link = models.URLField(_("online link"), blank=True)

    scope_province_field = "event__province"
    scope_area_field = "event__area"
    search_fields = ("event__title", "facility__name")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts",
                violation_error_message=_("A session ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(facility__isnull=False) | ~Q(online_link=""), name="session_has_a_place",
                violation_error_message=_("Choose a space, or give the online link."),
            ),
        ]

    def __str__(self):
        return _("%(event)s, %(date)s %(start)s–%(end)s") % {
            "event": self.event.title, "date": jalali.format_date(self.local_date), "start": format_time(self.starts_at),
            "end": format_time(self.ends_at)}

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def clean(self):
        errors = {}
        if self.facility_id and self.event_id:
            facility, event = self.facility, self.event
            if facility.province_id != event.province_id:
                errors["facility"] = _("Choose a space in the event's province.")
            elif not facility.is_bookable:
                errors["facility"] = _("%(facility)s is “%(status)s”: only a space open for booking can be booked.") % {
                    "facility": facility, "status": facility.get_status_display()}
            elif event.capacity and facility.seats < event.capacity:
                errors["facility"] = _(
                    "%(facility)s seats %(seats)s, fewer than the event's %(capacity)s places. Choose a larger space or "
                    "lower the capacity first."
                ) % {"facility": facility, "seats": facility.seats, "capacity": event.capacity}
        if errors:
            raise ValidationError(errors)


class Booking(SafiranModel):
    """A space or an instructor held by a session over [starts_at, ends_at). No two active
    bookings of one space, or of one instructor, overlap: an exclusion constraint on
    PostgreSQL (migration 0003), a check serialised by the IMMEDIATE transaction on SQLite
    (events.booking). Written only by events.booking when sessions and instructors change."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="bookings")
    facility = models.ForeignKey(
        Facility, verbose_name=_("space"), on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    instructor = models.ForeignKey(
        "ambassadors.Ambassador", verbose_name=_("instructor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="bookings",
    )
    guest_instructor = models.ForeignKey(
        "retirees.Retiree", verbose_name=_("guest instructor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="event_bookings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    active = models.BooleanField(_("in force"), default=True)

    scope_province_field = "session__event__province"
    scope_area_field = "session__event__area"
    search_fields = ("facility__name", "instructor__first_name", "instructor__last_name", "guest_instructor__first_name",
                     "guest_instructor__last_name", "session__event__title")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(facility__isnull=False, instructor__isnull=True, guest_instructor__isnull=True)
                | Q(facility__isnull=True, instructor__isnull=False, guest_instructor__isnull=True)
                | Q(facility__isnull=True, instructor__isnull=True, guest_instructor__isnull=False),
                name="booking_one_resource",
                violation_error_message=_("A booking holds either a space or an instructor."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_it_starts",
                violation_error_message=_("A booking ends after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["facility", "starts_at"]), models.Index(fields=["instructor", "starts_at"]),
                   models.Index(fields=["guest_instructor", "starts_at"])]

    def __str__(self):
        return f"{self.resource_label} — {self.session}"

    @property
    def resource_label(self) -> str:
        """The space or the person booked; a guest instructor by name and county only."""
        if self.guest_instructor_id:
            return guest_label(self.guest_instructor)
        return str(self.facility or self.instructor)


def guest_label(retiree) -> str:
    """A retiree teaching as a guest, as every page shows them: name and county, nothing else
    of the roster (no national code, no mobile)."""
    name = f"{retiree.first_name} {retiree.last_name}"
    return f"{name} ({retiree.county})" if retiree.county_id else name


# Statuses that take one of the event's places; and those of a registration still alive.
HOLDS_PLACE = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]
ACTIVE = [RegistrationStatus.REQUESTED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
          RegistrationStatus.OFFERED]


class Registration(SafiranModel):
    """One person's place at an event: confirmed, waiting, offered a freed place (held for the
    event's `offer_hours`), or ended. Mobile and national code are encrypted (retirees.crypto);
    `person_key`, a keyed digest, finds the same person twice without revealing them.
    `status` changes only through events.services."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    full_name = models.CharField(_("full name"), max_length=120)
    mobile_cipher = models.BinaryField(editable=False)
    national_code_cipher = models.BinaryField(editable=False, blank=True, default=b"")
    person_key = models.BinaryField(max_length=16, editable=False)
    ambassador = models.ForeignKey(
        "ambassadors.Ambassador", verbose_name=_("ambassador"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="registrations", help_text=_("When the person is one of the programme's ambassadors."),
    )
    consent = models.BooleanField(_("agrees to be contacted about this event"), default=False)
    source = models.CharField(_("registered"), max_length=8, choices=RegistrationSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    code = models.CharField(_("confirmation code"), max_length=12, unique=True, editable=False)
    offered_until = models.DateTimeField(_("offer held until"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason"), blank=True)

    scope_province_field = "event__province"
    scope_area_field = "event__area"
    search_fields = ("full_name", "event__title")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [
            ("manage_registration", _("Can approve, decline and cancel registrations")),
            ("export_registration", _("Can export registrations")),
            ("view_personal_registration", _("Can see registrants' mobile and national code")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person_key"], condition=Q(status__in=ACTIVE), name="registration_once_per_person",
                violation_error_message=_("This person is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.OFFERED) | Q(offered_until__isnull=False),
                name="registration_offer_has_deadline",
                violation_error_message=_("An offered place needs the time it is held until."),
            ),
        ]
        # The list's order, nationally (the national admin's registrations read 25 rows off it).
        indexes = [models.Index(fields=["event", "status", "created_at"]), models.Index(fields=["created_at", "id"])]

    def __str__(self):
        return _("%(name)s at %(event)s") % {"name": self.full_name, "event": self.event}

    @property
    def mobile(self) -> str:
        from retirees.crypto import decrypt

        return decrypt(self.mobile_cipher)

    @property
    def national_code(self) -> str:
        from retirees.crypto import decrypt

        return decrypt(self.national_code_cipher)

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE


class Attendance(SafiranModel):
    """Whether a registered person came to one session, and how it was recorded."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    by_code = models.BooleanField(_("confirmation code typed at the door"), default=False)

    scope_province_field = "session__event__province"
    scope_area_field = "session__event__area"
    search_fields = ("registration__full_name", "session__event__title")

    class Meta:
        ordering = ["session__starts_at", "registration__full_name", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        permissions = [("export_attendance", _("Can export attendance"))]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session",
                violation_error_message=_("Attendance for this person at this session is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name} — {self.session}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


ATTENDED = [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY]


class CalendarFeed(models.Model):
    """The secret address of one person's calendar feed; replaced or deleted to revoke it.
    Personal, like a password: read only by its owner's pages and by the feed itself."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="event_calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class Certificate(SafiranModel):
    """A certificate of attendance for one registration, with a serial number and an
    unguessable public code behind the QR code of its PDF; revoked ones show so at once on
    the public verification page."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="certificate"
    )
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    public_code = models.CharField(max_length=32, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"))
    revoked = models.BooleanField(_("revoked"), default=False)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    scope_province_field = "registration__event__province"
    scope_area_field = "registration__event__area"
    search_fields = ("serial", "registration__full_name", "registration__event__title")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [
            ("revoke_certificate", _("Can revoke certificates")),
            ("export_certificate", _("Can export certificates")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked=False) | ~Q(revoke_reason=""), name="certificate_revoked_has_reason",
                violation_error_message=_("A revoked certificate needs the reason."),
            ),
        ]

    def __str__(self):
        return _("Certificate %(serial)s, %(name)s") % {"serial": display.digits(self.serial),
                                                       "name": self.registration.full_name}

    @property
    def initials(self) -> str:
        """What the public page shows of the person: «ز. م.»"""
        return " ".join(f"{word[0]}." for word in self.registration.full_name.split() if word)


class SessionReminder(SafiranModel):
    """A message about an event: the reminder the day before a session to a registered person,
    or the news that the event is cancelled (no session then) to a registered person or to a
    guest instructor (a retiree of the roster). In Safiran's inbox (the notification outbox)
    for people with an account, by SMS for the others who agreed to be contacted. One reminder
    per person and session, one cancellation notice per registration and one per guest of the
    event, enforced by the database, so never sent twice; an SMS is delivered after commit by a
    task, and the gateway's answer is kept here. A guest's mobile is never copied here: the
    task reads it from the encrypted roster when it sends."""

    kind = models.CharField(_("about"), max_length=10, choices=MessageKind.choices, default=MessageKind.REMINDER)
    # The event it is about, always set (the registration's, or the one a guest was to teach):
    # scope reads it, and the page of the event lists its messages.
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages")
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="reminders",
                                null=True, blank=True)
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="reminders",
        null=True, blank=True,
    )
    guest = models.ForeignKey(
        "retirees.Retiree", verbose_name=_("guest instructor"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="event_messages",
    )
    channel = models.CharField(_("sent by"), max_length=8, choices=ReminderChannel.choices)
    status = models.CharField(_("status"), max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.QUEUED)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    gateway_reference = models.CharField(_("gateway's message id and status"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    scope_province_field = "event__province"
    scope_area_field = "event__area"
    search_fields = ("registration__full_name", "guest__first_name", "guest__last_name", "event__title")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message about an event")
        verbose_name_plural = _("messages about events")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="session_reminder_once",
                violation_error_message=_("This person was already reminded of this session."),
            ),
            models.UniqueConstraint(
                fields=["registration"], condition=Q(kind=MessageKind.CANCELLED), name="cancellation_notice_once",
                violation_error_message=_("This person was already told the event is cancelled."),
            ),
            models.UniqueConstraint(
                fields=["event", "guest"], condition=Q(kind=MessageKind.CANCELLED), name="guest_cancellation_notice_once",
                violation_error_message=_("This guest instructor was already told the event is cancelled."),
            ),
            models.CheckConstraint(
                condition=Q(kind=MessageKind.CANCELLED) | Q(session__isnull=False), name="session_reminder_has_session",
                violation_error_message=_("A reminder is about a session."),
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=False, guest__isnull=True)
                | Q(registration__isnull=True, guest__isnull=False, kind=MessageKind.CANCELLED),
                name="session_reminder_one_recipient",
                violation_error_message=_("A message goes to one registered person, or to one guest instructor "
                                          "when the event is cancelled."),
            ),
        ]

    def __str__(self):
        return f"{self.recipient_label} — {self.session or self.event}"

    @property
    def recipient_label(self) -> str:
        """Who it went to: the registered person's name, or a guest by name and county only."""
        return guest_label(self.guest) if self.guest_id else self.registration.full_name


class Qualification(SafiranModel):
    """A qualification ambassadors hold (first aid, working with people with dementia, …), valid
    for a number of months; national reference data kept by national admins (D12)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Leave empty if it never expires."),
    )
    renewal_days = models.PositiveSmallIntegerField(
        _("remind this many days before it expires"), default=30,
        help_text=_("The holder and their coordinator are reminded once, this long before it expires."),
    )

    scope_province_field = None
    search_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1), name="qualification_validity",
                violation_error_message=_("A qualification is valid for at least one month, or never expires."),
            ),
        ]

    def __str__(self):
        return self.name


def add_months(day, months: int):
    """The same day `months` later (the month's last day when it has fewer days)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class QualificationHeld(SafiranModel):
    """One ambassador's qualification, obtained on a day and valid until `expires_on` (set from
    the qualification's validity). Renewing adds a newer row; the newest is the one in force."""

    ambassador = models.ForeignKey(
        "ambassadors.Ambassador", verbose_name=_("ambassador"), on_delete=models.CASCADE, related_name="qualifications"
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.PROTECT, related_name="holders"
    )
    obtained_on = models.DateField(_("obtained on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The course or briefing where it was obtained, if any."),
    )
    note = models.TextField(_("note"), blank=True)

    scope_province_field = "ambassador__province"
    scope_area_field = "ambassador__areas"
    search_fields = ("ambassador__first_name", "ambassador__last_name", "qualification__name")

    class Meta:
        ordering = ["-obtained_on", "-pk"]
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        permissions = [("export_qualificationheld", _("Can export qualifications held"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "qualification", "obtained_on"], name="qualification_held_once_a_day",
                violation_error_message=_("This qualification is already recorded for this ambassador on that day."),
            ),
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self):
        return _("%(qualification)s, %(ambassador)s") % {"qualification": self.qualification, "ambassador": self.ambassador}

    def set_expires_on(self) -> None:
        months = self.qualification.validity_months if self.qualification_id else None
        self.expires_on = add_months(self.obtained_on, months) if months and self.obtained_on else None

    def clean(self):
        if self.obtained_on and self.obtained_on > timezone.localdate():
            raise ValidationError({"obtained_on": _("The day it was obtained cannot be in the future.")})
        self.set_expires_on()
