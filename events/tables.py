import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.tables import (
    WIDE_ONLY,
    DigitsColumn,
    JalaliDateColumn,
    JalaliDateTimeColumn,
    NumberColumn,
    SafiranTable,
    YesNoColumn,
)

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
    format_time,
)


class FacilityTable(SafiranTable):
    name = tables.Column(linkify=True)
    county = tables.Column()
    seats = NumberColumn()
    step_free = YesNoColumn(verbose_name=_("step-free access"), attrs=WIDE_ONLY)
    owner = tables.Column(attrs=WIDE_ONLY)
    in_use = tables.Column(verbose_name=_("in use"), accessor="pk", orderable=False, attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Facility
        fields = ["name", "county", "seats", "step_free", "owner", "status", "in_use"]
        sequence = fields

    def render_in_use(self, record):
        return in_use_text(record.next_booking()) or "—"

    def value_in_use(self, record):
        return in_use_text(record.next_booking())


def in_use_text(booking) -> str:
    """«۱۴۰۵/۰۹/۱۲، ۱۰:۰۰ تا ۱۲:۰۰: کارگاه …» — when a space is booked next, and for what."""
    if booking is None:
        return ""
    return _("%(when)s: %(event)s") % {
        "when": _("%(date)s, %(start)s to %(end)s") % {
            "date": jalali.format_date(timezone.localtime(booking.starts_at).date()),
            "start": format_time(booking.starts_at), "end": format_time(booking.ends_at)},
        "event": booking.session.event}


class EventTable(SafiranTable):
    event = tables.Column(verbose_name=_("event"), accessor="title", linkify=lambda record: record.get_absolute_url())
    kind = tables.Column()
    area = tables.Column(attrs=WIDE_ONLY)
    first_session = tables.Column(verbose_name=_("first session"), accessor="pk", orderable=False)
    capacity = NumberColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Event
        fields = ["event", "kind", "area", "first_session", "capacity", "status"]
        sequence = fields

    def _first(self, record):
        sessions = sorted(record.sessions.all(), key=lambda session: session.starts_at)
        return sessions[0] if sessions else None

    def render_first_session(self, record):
        first = self._first(record)
        return f"{jalali.format_date(first.local_date)} {format_time(first.starts_at)}" if first else "—"

    def value_first_session(self, record):
        return self.render_first_session(record)


class SessionTable(SafiranTable):
    session = tables.Column(verbose_name=_("session"), accessor="starts_at", linkify=lambda record: record.get_absolute_url())
    event = tables.Column(accessor="event__title", verbose_name=_("event"))
    place = tables.Column(verbose_name=_("place"), accessor="pk", orderable=False)

    class Meta(SafiranTable.Meta):
        model = Session
        fields = ["session", "event", "place"]
        sequence = fields

    def render_session(self, record):
        return _("%(date)s, %(start)s to %(end)s") % {
            "date": jalali.format_date(record.local_date), "start": format_time(record.starts_at),
            "end": format_time(record.ends_at)}

    def value_session(self, record):
        return self.render_session(record)

    def render_place(self, record):
        return str(record.facility) if record.facility_id else _("Online")

    def value_place(self, record):
        return self.render_place(record)


class BookingTable(SafiranTable):
    booking = tables.Column(verbose_name=_("booked"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                            order_by=("facility__name", "instructor__last_name"))
    when = tables.Column(verbose_name=_("when"), accessor="starts_at")
    event = tables.Column(verbose_name=_("event"), accessor="session__event")
    active = YesNoColumn(verbose_name=_("in force"), attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Booking
        fields = ["booking", "when", "event", "active"]
        sequence = fields

    def render_booking(self, record):
        return record.resource_label

    def value_booking(self, record):
        return self.render_booking(record)

    def render_when(self, record):
        return _("%(date)s, %(start)s to %(end)s") % {
            "date": jalali.format_date(timezone.localtime(record.starts_at).date()), "start": format_time(record.starts_at),
            "end": format_time(record.ends_at)}

    def value_when(self, record):
        return self.render_when(record)


class RegistrationTable(SafiranTable):
    registration = tables.Column(verbose_name=_("registration"), accessor="full_name",
                                 linkify=lambda record: record.get_absolute_url())
    code = DigitsColumn(attrs=WIDE_ONLY)
    source = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Registration
        fields = ["registration", "status", "code", "source"]
        sequence = fields

    def render_registration(self, record):
        return str(record)

    def value_registration(self, record):
        return str(record)


class AttendanceTable(SafiranTable):
    person = tables.Column(verbose_name=_("attendance"), accessor="registration__full_name",
                           linkify=lambda record: record.get_absolute_url())
    status = tables.Column()

    class Meta(SafiranTable.Meta):
        model = Attendance
        fields = ["person", "status"]
        sequence = fields

    def render_person(self, record):
        return str(record)

    def value_person(self, record):
        return str(record)


class CertificateTable(SafiranTable):
    certificate = tables.Column(verbose_name=_("certificate"), accessor="serial",
                                linkify=lambda record: record.get_absolute_url())
    issued_on = JalaliDateColumn()
    revoked = YesNoColumn(verbose_name=_("revoked"))

    class Meta(SafiranTable.Meta):
        model = Certificate
        fields = ["certificate", "issued_on", "revoked"]
        sequence = fields

    def render_certificate(self, record):
        return str(record)

    def value_certificate(self, record):
        return str(record)


class SessionReminderTable(SafiranTable):
    # A registered person by name, a guest instructor by name and county only (guest_label).
    person = tables.Column(verbose_name=_("recipient"), accessor="registration__full_name", empty_values=(),
                           linkify=lambda record: record.get_absolute_url(), orderable=False)
    kind = tables.Column()
    channel = tables.Column()
    status = tables.Column()
    sent_at = JalaliDateTimeColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = SessionReminder
        fields = ["person", "kind", "channel", "status", "sent_at"]
        sequence = fields

    def render_person(self, record):
        return record.recipient_label

    def value_person(self, record):
        return record.recipient_label


class QualificationTable(SafiranTable):
    name = tables.Column(linkify=True)
    validity_months = NumberColumn()
    renewal_days = NumberColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Qualification
        fields = ["name", "validity_months", "renewal_days"]
        sequence = fields


class QualificationHeldTable(SafiranTable):
    held = tables.Column(verbose_name=_("qualification held"), accessor="qualification__name",
                         linkify=lambda record: record.get_absolute_url())
    obtained_on = JalaliDateColumn()
    expires_on = JalaliDateColumn()

    class Meta(SafiranTable.Meta):
        model = QualificationHeld
        fields = ["held", "obtained_on", "expires_on"]
        sequence = fields

    def render_held(self, record):
        return str(record)

    def value_held(self, record):
        return str(record)
