from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.services import WorkflowError
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from . import workflows
from .choices import EventStatus, FacilityStatus
from .filters import BookingFilterSet, EventFilterSet, FacilityFilterSet, SessionFilterSet
from .forms import EventForm, FacilityForm, SessionForm
from .models import EDITABLE, Booking, Event, Facility, Session
from .tables import BookingTable, EventTable, FacilityTable, SessionTable


class FacilityListView(ObjectListView):
    model = Facility
    table_class = FacilityTable
    filterset_class = FacilityFilterSet
    export_filename = "spaces"
    search_placeholder = gettext_lazy("Name, address, owner…")

    def get_queryset(self):
        return super().get_queryset().select_related("county", "owner")


class FacilityDetailView(ObjectDetailView):
    model = Facility
    workflow = workflows.FACILITY

    def get_fields(self):
        fields = ["name", "status", "province", "county", "owner", "address", "seats", "step_free", "accessibility",
                  "free_times", "contact_name", "contact_phone"]
        if self.object.visited_on:
            fields += ["visited_on", "verified_by", "visit_notes"]
        if self.object.status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
            fields += ["status_reason"]
        return fields + ["created_by", "created_at"]


class FacilityCreateView(ObjectCreateView):
    model = Facility
    form_class = FacilityForm
    template_name = "events/facility_form.html"
    prefill_from_query = ("owner",)
    success_message = gettext_lazy("“%(object)s” is reported. Someone will visit it before it can be booked.")


class FacilityUpdateView(ObjectUpdateView):
    model = Facility
    form_class = FacilityForm
    template_name = "events/facility_form.html"
    workflow = workflows.FACILITY


class ClashAwareFormMixin:
    """A booking that became impossible between the form's check and the save (another person
    booked the space meanwhile) is shown on the form, with the clash named; nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WorkflowError as error:
            if form.instance.pk is not None and self.object is None:
                form.instance.pk = None
            form.add_error(None, str(error))
            return self.form_invalid(form)


class EventListView(ObjectListView):
    model = Event
    table_class = EventTable
    filterset_class = EventFilterSet
    export_filename = "events"
    search_placeholder = gettext_lazy("Title, audience…")
    related_lists = (
        ("events:session_list", "events.view_session", gettext_lazy("Sessions")),
        ("events:facility_list", "events.view_facility", gettext_lazy("Spaces")),
        ("events:booking_list", "events.view_booking", gettext_lazy("Bookings")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("area").prefetch_related("sessions")


class EventDetailView(ObjectDetailView):
    model = Event
    workflow = workflows.EVENT

    def get_fields(self):
        fields = ["title", "kind", "status", "province", "area", "audience", "description", "instructors", "capacity",
                  "needs_approval", "public", "offer_hours", "created_by"]
        if self.object.decided_at:
            fields += ["decided_by", "decided_at", "decision_comment"]
        if self.object.status == EventStatus.CANCELLED:
            fields += ["cancel_reason"]
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = Session.objects.visible_to(self.request.user).filter(event=self.object).select_related("facility", "event")
        context["sessions"] = SessionTable(sessions, request=self.request, exclude=("event",), orderable=False)
        if self.object.status in EDITABLE and self.request.user.has_perm("events.add_session"):
            context["add_session_url"] = f"{reverse('events:session_create')}?event={self.object.pk}"
        return context


class EventCreateView(ObjectCreateView):
    model = Event
    form_class = EventForm
    success_message = gettext_lazy("“%(object)s” is saved as a draft. Add its sessions, then submit it for approval.")


class EventUpdateView(ClashAwareFormMixin, ObjectUpdateView):
    model = Event
    form_class = EventForm
    workflow = workflows.EVENT


class SessionListView(ObjectListView):
    model = Session
    table_class = SessionTable
    filterset_class = SessionFilterSet
    search_placeholder = gettext_lazy("Event, space…")

    def get_queryset(self):
        return super().get_queryset().select_related("event", "facility")


class SessionDetailView(ObjectDetailView):
    model = Session

    def get_fields(self):
        return ["event", "starts_at", "ends_at", "facility", "online_link", "created_by"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["update_url"] = context["update_url"] if self.object.event.status in EDITABLE else None
        return context


class SessionCreateView(ClashAwareFormMixin, ObjectCreateView):
    model = Session
    form_class = SessionForm
    prefill_from_query = ("event",)
    success_message = gettext_lazy("The session “%(object)s” is added and its space and instructors are booked.")

    def get_success_url(self):
        return self.object.event.get_absolute_url()


class SessionUpdateView(ClashAwareFormMixin, ObjectUpdateView):
    model = Session
    form_class = SessionForm
    workflow = workflows.SESSION


class BookingListView(ObjectListView):
    model = Booking
    table_class = BookingTable
    filterset_class = BookingFilterSet
    search_placeholder = gettext_lazy("Space, instructor, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("facility", "instructor", "session__event")


class BookingDetailView(ObjectDetailView):
    model = Booking
    fields = ("facility", "instructor", "session", "starts_at", "ends_at", "active")
