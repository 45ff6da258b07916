import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ambassadors.models import Ambassador
from areas.models import Area
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import County, Province
from partners.models import Organization

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
)


class FacilityFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=FacilityStatus.choices, label=_("status"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    owner = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("owner organisation"))
    step_free = django_filters.BooleanFilter(label=_("step-free access"))
    min_seats = django_filters.NumberFilter(field_name="seats", lookup_expr="gte", label=_("at least this many seats"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = Facility.search_fields

    class Meta:
        model = Facility
        fields = ["q", "status", "county", "owner", "step_free", "min_seats", "province"]


class EventFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=EventStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("kind"))
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    after = JalaliDateFilter(field_name="sessions__starts_at", lookup_expr="date__gte", label=_("from date"),
                             distinct=True)
    before = JalaliDateFilter(field_name="sessions__starts_at", lookup_expr="date__lte", label=_("to date"),
                              distinct=True)
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = Event.search_fields

    class Meta:
        model = Event
        fields = ["q", "status", "kind", "area", "after", "before", "province"]


class SessionFilterSet(SafiranFilterSet):
    event = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("event"))
    facility = django_filters.ModelChoiceFilter(queryset=visible(Facility), label=_("space"))
    after = JalaliDateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("from date"))
    before = JalaliDateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("to date"))

    search_fields = Session.search_fields

    class Meta:
        model = Session
        fields = ["q", "event", "facility", "after", "before"]


class BookingFilterSet(SafiranFilterSet):
    facility = django_filters.ModelChoiceFilter(queryset=visible(Facility), label=_("space"))
    instructor = django_filters.ModelChoiceFilter(queryset=visible(Ambassador), label=_("instructor"))
    active = django_filters.BooleanFilter(label=_("in force"))
    after = JalaliDateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("from date"))

    search_fields = Booking.search_fields

    class Meta:
        model = Booking
        fields = ["q", "facility", "instructor", "active", "after"]


class RegistrationFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices, label=_("status"))
    event = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("event"))
    source = django_filters.ChoiceFilter(choices=RegistrationSource.choices, label=_("registered"))
    ambassador = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("ambassador"))

    search_fields = Registration.search_fields

    class Meta:
        model = Registration
        fields = ["q", "status", "event", "source", "ambassador"]


class AttendanceFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("attendance"))
    session = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("session"))
    event = django_filters.NumberFilter(field_name="session__event", widget=forms.HiddenInput, label=_("event"))

    search_fields = Attendance.search_fields

    class Meta:
        model = Attendance
        fields = ["q", "status", "session", "event"]


class CertificateFilterSet(SafiranFilterSet):
    event = django_filters.NumberFilter(field_name="registration__event", widget=forms.HiddenInput, label=_("event"))
    revoked = django_filters.BooleanFilter(label=_("revoked"))

    search_fields = Certificate.search_fields

    class Meta:
        model = Certificate
        fields = ["q", "event", "revoked"]


class SessionReminderFilterSet(SafiranFilterSet):
    kind = django_filters.ChoiceFilter(choices=MessageKind.choices, label=_("about"))
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices, label=_("status"))
    channel = django_filters.ChoiceFilter(choices=ReminderChannel.choices, label=_("sent by"))
    session = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("session"))
    event = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("event"))

    search_fields = SessionReminder.search_fields

    class Meta:
        model = SessionReminder
        fields = ["q", "kind", "status", "channel", "session", "event"]


class QualificationFilterSet(SafiranFilterSet):
    search_fields = Qualification.search_fields

    class Meta:
        model = Qualification
        fields = ["q"]


class QualificationHeldFilterSet(SafiranFilterSet):
    qualification = django_filters.ModelChoiceFilter(queryset=visible(Qualification), label=_("qualification"))
    ambassador = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("ambassador"))
    expires_before = JalaliDateFilter(field_name="expires_on", lookup_expr="lte", label=_("expires by"))

    search_fields = QualificationHeld.search_fields

    class Meta:
        model = QualificationHeld
        fields = ["q", "qualification", "ambassador", "expires_before"]
