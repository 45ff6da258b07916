from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core import display, jalali
from core.audit import audit_event
from core.calendar import parse_month
from core.pdf import pdf_response, render_pdf
from core.privacy import shown
from core.services import WorkflowError
from core.totals import ObjectTotalsView
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView, ScopedViewMixin

from . import calendar, registration, training, workflows
from .choices import EventStatus, FacilityStatus
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
    EDITABLE,
    Attendance,
    Booking,
    CalendarFeed,
    Certificate,
    Event,
    Facility,
    Qualification,
    QualificationHeld,
    Registration,
    Session,
    SessionReminder,
    format_time,
    guest_label,
)
from .tables import (
    AttendanceTable,
    BookingTable,
    CertificateTable,
    EventTable,
    FacilityTable,
    QualificationHeldTable,
    QualificationTable,
    RegistrationTable,
    SessionReminderTable,
    SessionTable,
    in_use_text,
)


class FacilityListView(ObjectListView):
    model = Facility
    table_class = FacilityTable
    filterset_class = FacilityFilterSet
    export_filename = "spaces"
    search_placeholder = gettext_lazy("Name, address, owner…")

    def get_queryset(self):
        return Facility.with_next_booking(super().get_queryset().select_related("county", "owner"))


class FacilityDetailView(ObjectDetailView):
    model = Facility
    workflow = workflows.FACILITY
    template_name = "events/facility_detail.html"

    def get_fields(self):
        fields = ["name", "status", "province", "county", "owner", "address", "seats", "step_free", "accessibility",
                  "free_times", "contact_name", "contact_phone"]
        if self.object.visited_on:
            fields += ["visited_on", "verified_by", "visit_notes"]
        if self.object.status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
            fields += ["status_reason"]
        return fields + ["created_by", "created_at"]

    # Text as people typed it, digits and all: shown with Persian digits in the Persian UI.
    typed_fields = ("name", "address", "accessibility", "free_times", "contact_name", "visit_notes", "status_reason")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {str(Facility._meta.get_field(name).verbose_name): name for name in self.typed_fields}
        phone_label = str(Facility._meta.get_field("contact_phone").verbose_name)
        rows = []
        for label, text in context["field_rows"]:
            if str(label) in labels:
                text = display.digits(text)
            elif str(label) == phone_label and self.object.contact_phone:
                # One left-to-right token (a number is read left to right), with Persian digits.
                text = format_html('<span dir="ltr">{}</span>', display.digits(self.object.contact_phone))
            rows.append((label, text))
        context["field_rows"] = rows
        booked = in_use_text(self.object.next_booking())
        if booked:
            # Booked spaces show as in use, with the booking in force now or next.
            context["field_rows"].insert(2, (_("in use"), booked))
        return context


class FacilityPhotoView(ScopedViewMixin, generic.View):
    """The space's photo, for those who may see the space (404 outside scope or without one)."""

    model = Facility

    def get(self, request, pk):
        facility = get_object_or_404(self.get_queryset(), pk=pk)
        if not facility.photo:
            raise Http404
        try:
            handle = facility.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


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
        fields = ["title", "kind", "status", "province", "area", "audience", "description", "instructors",
                  "guest_instructors", "capacity", "needs_approval", "public", "offer_hours", "created_by"]
        if self.object.required_of:
            fields.insert(3, "required_of")
        if self.object.grants_id:
            fields.insert(3, "grants")
        if self.object.decided_at:
            fields += ["decided_by", "decided_at", "decision_comment"]
        if self.object.status == EventStatus.CANCELLED:
            fields += ["cancel_reason"]
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Guest instructors by name and county only (the roster's other fields never show here).
        label = Event._meta.get_field("guest_instructors").verbose_name
        guests = "، ".join(guest_label(retiree) for retiree in self.object.guest_instructors.select_related("county"))
        context["field_rows"] = [(name, guests if name == label else text) for name, text in context["field_rows"]]
        sessions = Session.objects.visible_to(self.request.user).filter(event=self.object).select_related("facility", "event")
        context["sessions"] = SessionTable(sessions, request=self.request, exclude=("event",), orderable=False)
        if self.object.status in EDITABLE and self.request.user.has_perm("events.add_session"):
            context["add_session_url"] = f"{reverse('events:session_create')}?event={self.object.pk}"
        if self.request.user.has_perm("events.view_registration"):
            people = Registration.objects.visible_to(self.request.user).filter(event=self.object)
            context["registrations"] = RegistrationTable(people.select_related("event"), request=self.request,
                                                         orderable=False)
            context["registrations_url"] = f"{reverse('events:registration_list')}?event={self.object.pk}"
            context["places"] = {"taken": display.number(registration.places_taken(self.object)),
                                 "capacity": display.number(self.object.capacity),
                                 "waiting": display.number(people.filter(status="waitlisted").count())}
        if self.object.is_open_for_registration and self.request.user.has_perm("events.add_registration"):
            context["add_registration_url"] = f"{reverse('events:registration_create')}?event={self.object.pk}"
        if self.object.status == EventStatus.PUBLISHED and self.object.public:
            context["public_url"] = reverse("events:public_event", args=[self.object.pk])
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
    workflow = workflows.SESSION

    def get_fields(self):
        return ["event", "starts_at", "ends_at", "facility", "online_link", "created_by"]



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
        return super().get_queryset().select_related("facility", "instructor", "guest_instructor__county",
                                                     "session__event")


class BookingDetailView(ObjectDetailView):
    model = Booking
    fields = ("facility", "instructor", "guest_instructor", "session", "starts_at", "ends_at", "active")


class RegistrationListView(ObjectListView):
    model = Registration
    table_class = RegistrationTable
    filterset_class = RegistrationFilterSet
    export_filename = "registrations"
    search_placeholder = gettext_lazy("Name, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("event")


class RegistrationDetailView(ObjectDetailView):
    model = Registration
    workflow = workflows.REGISTRATION
    # Stored encrypted; shown decrypted, masked unless the reader holds this permission.
    personal_permission = "events.view_personal_registration"

    def get_fields(self):
        fields = ["event", "full_name", "ambassador", "status", "code", "source", "consent"]
        if self.object.offered_until:
            fields.append("offered_until")
        if self.object.cancel_reason:
            fields.append("cancel_reason")
        return fields + ["created_by", "created_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        personal = [(_("mobile"), display.digits(shown(user, self.object.mobile, self.personal_permission)))]
        if self.object.national_code:
            personal.append((_("national code"),
                             display.digits(shown(user, self.object.national_code, self.personal_permission))))
        context["field_rows"][2:2] = personal
        return context


class RegistrationCreateView(ClashAwareFormMixin, ObjectCreateView):
    model = Registration
    form_class = RegistrationForm
    workflow = workflows.REGISTRATION
    prefill_from_query = ("event", "ambassador")

    @property
    def success_message(self):
        return _("“%(object)s” is registered.")


class AttendanceListView(ObjectListView):
    model = Attendance
    table_class = AttendanceTable
    filterset_class = AttendanceFilterSet
    export_filename = "attendance"
    search_placeholder = gettext_lazy("Name, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("registration", "session__event")


class AttendanceDetailView(ObjectDetailView):
    model = Attendance
    fields = ("registration", "session", "status", "by_code", "created_by", "updated_at")


class CalendarView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """A Jalali month of the sessions and meetings in the reader's scope."""

    template_name = "events/calendar.html"
    permission_required = "events.view_session"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, number = parse_month(self.request.GET.get("month"))
        context.update(calendar.month(self.request.user, year, number))
        return context


class CalendarFeedView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The person's own feed address: make one, replace it, or revoke it."""

    template_name = "events/calendar_feed.html"
    permission_required = "events.view_session"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = CalendarFeed.objects.filter(user=self.request.user).first()
        context["feed_url"] = calendar.feed_url(self.request, feed) if feed else ""
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            audit_event(request.user, "calendar_feed_revoke", request.user)
            messages.success(request, _("The feed address no longer works. Remove it from your calendar app."))
        else:
            calendar.new_token(request.user)
            audit_event(request.user, "calendar_feed_create", request.user)
            messages.success(request, _("A new feed address is ready; any earlier one no longer works."))
        return HttpResponseRedirect(reverse("events:calendar_feed_settings"))


GUEST_SEARCH_RESULTS = 20


@login_required
def guest_instructor_search(request):
    """Retirees who may teach as guests, for the event form's searchable box (for those who
    may see the roster and plan events): those of the user's scope (and of the province chosen in the form) who agreed to be contacted, matching
    every word typed in their name, surname, field of study or skill. At most 20, by name and
    county only; nothing for fewer than two letters."""
    from core.search import search_queryset
    from retirees.models import Retiree

    user = request.user
    if not user.has_perm("retirees.view_retiree") or not (user.has_perm("events.add_event")
                                                          or user.has_perm("events.change_event")):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    retirees = Retiree.objects.visible_to(request.user).filter(consent_contact=True)
    province = request.GET.get("province", "")
    if province.isdigit():
        retirees = retirees.filter(province_id=int(province))
    elif user.has_national_scope:
        return JsonResponse({"results": []})  # the event's province first: never a scan of the national roster
    retirees = search_queryset(retirees, Retiree.search_fields, query)
    found = retirees.select_related("county").order_by("last_name", "first_name", "pk")[:GUEST_SEARCH_RESULTS]
    return JsonResponse({"results": [{"value": str(retiree.pk), "text": guest_label(retiree)} for retiree in found]})


def calendar_feed(request, token):
    """The iCalendar feed: no sign-in, the secret token in the address stands for the person."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm("events.view_session"):
        raise Http404
    response = HttpResponse(calendar.feed(feed.user, request.build_absolute_uri("/").rstrip("/")),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="safiran.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


class CertificateListView(ObjectListView):
    model = Certificate
    table_class = CertificateTable
    filterset_class = CertificateFilterSet
    export_filename = "certificates"
    search_placeholder = gettext_lazy("Serial number, name, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("registration__event")


class CertificateDetailView(ObjectDetailView):
    model = Certificate
    workflow = workflows.CERTIFICATE

    def get_fields(self):
        fields = ["serial", "registration", "issued_on", "sessions_attended", "revoked"]
        return fields + (["revoke_reason"] if self.object.revoked else []) + ["created_by"]


def _certificate_context(certificate, request) -> dict:
    event = certificate.registration.event
    sessions = list(event.sessions.order_by("starts_at"))
    days = sorted({session.local_date for session in sessions})
    dates = "، ".join(jalali.format_date_long(day) for day in days)
    verify_url = request.build_absolute_uri(reverse("events:certificate_verify", args=[certificate.public_code]))
    return {
        "certificate": certificate, "event": event, "province": event.province, "dates": dates,
        "serial": display.digits(certificate.serial), "issued_on": jalali.format_date_long(certificate.issued_on),
        "sessions": display.number(len(sessions)),
        "hours": display.number(round(sum(session.hours for session in sessions))),
        "verify_url": verify_url,
    }


class CertificatePdfView(ScopedViewMixin, generic.View):
    """The certificate as an A4 PDF, its QR code pointing at the public verification page."""

    model = Certificate

    def get(self, request, pk):
        import qrcode
        import qrcode.image.svg

        certificate = get_object_or_404(self.get_queryset().select_related("registration__event__province"), pk=pk)
        context = _certificate_context(certificate, request)
        image = qrcode.make(context["verify_url"], image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
        svg = image.to_string(encoding="unicode")
        context["qr_svg"] = svg[svg.index("<svg"):]
        content = render_pdf("events/certificate_pdf.html", context, request=request)
        return pdf_response(content, f"certificate-{certificate.serial}.pdf")


def certificate_verify(request, code):
    """Public: initials, event, dates and whether the certificate is valid — nothing more."""
    certificate = get_object_or_404(Certificate.objects.select_related("registration__event"), public_code=code)
    return render(request, "events/certificate_verify.html", _certificate_context(certificate, request))


class SessionReminderListView(ObjectListView):
    model = SessionReminder
    table_class = SessionReminderTable
    filterset_class = SessionReminderFilterSet
    search_placeholder = gettext_lazy("Name, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("registration__event", "session__event", "guest__county")


class SessionReminderDetailView(ObjectDetailView):
    model = SessionReminder

    def get_fields(self):
        person = "guest" if self.object.guest_id else "registration"
        return (person, "event", "kind", "session", "channel", "status", "sent_at", "gateway_reference", "error",
                "created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.guest_id:  # by name and county only: no link into the roster from here
            label = SessionReminder._meta.get_field("guest").verbose_name
            context["field_rows"] = [(name, guest_label(self.object.guest) if name == label else text)
                                     for name, text in context["field_rows"]]
        return context


class QualificationListView(ObjectListView):
    model = Qualification
    table_class = QualificationTable
    filterset_class = QualificationFilterSet
    search_placeholder = gettext_lazy("Name…")
    related_lists = (("events:qualificationheld_list", "events.view_qualificationheld", gettext_lazy("Qualifications held")),)


class QualificationDetailView(ObjectDetailView):
    model = Qualification
    fields = ("name", "description", "validity_months", "renewal_days")


class QualificationCreateView(ObjectCreateView):
    model = Qualification
    form_class = QualificationForm


class QualificationUpdateView(ObjectUpdateView):
    model = Qualification
    form_class = QualificationForm


class QualificationHeldListView(ObjectListView):
    model = QualificationHeld
    table_class = QualificationHeldTable
    filterset_class = QualificationHeldFilterSet
    export_filename = "qualifications"
    search_placeholder = gettext_lazy("Ambassador, qualification…")

    def get_queryset(self):
        return super().get_queryset().select_related("ambassador", "qualification")


class QualificationHeldDetailView(ObjectDetailView):
    model = QualificationHeld
    fields = ("ambassador", "qualification", "obtained_on", "expires_on", "event", "note", "created_by")


class QualificationHeldCreateView(ObjectCreateView):
    model = QualificationHeld
    form_class = QualificationHeldForm
    prefill_from_query = ("ambassador", "qualification", "event")
    success_message = gettext_lazy("“%(object)s” is recorded in the ambassador's training record.")


class QualificationHeldUpdateView(ObjectUpdateView):
    model = QualificationHeld
    form_class = QualificationHeldForm


class TrainingRecordView(ScopedViewMixin, generic.TemplateView):
    """One ambassador's training record (D12): what is due, briefings attended, courses
    completed, qualifications and their expiry. The ambassador is read through scope (404
    outside it); the reader needs to see qualifications held."""

    model = QualificationHeld
    template_name = "events/training_record.html"

    def get_context_data(self, **kwargs):
        from ambassadors.models import Ambassador

        context = super().get_context_data(**kwargs)
        ambassador = get_object_or_404(Ambassador.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        context["record"] = training.training_record(ambassador)
        context["ambassador"] = ambassador
        if self.request.user.has_perm("events.add_qualificationheld"):
            context["add_url"] = f"{reverse('events:qualificationheld_create')}?ambassador={ambassador.pk}"
        return context


# Blank lines under the names, for people who come without a confirmed place.
BLANK_LINES = 5


class SessionSignInSheetView(ScopedViewMixin, generic.View):
    """A printable sign-in sheet for one session: the event, the Jalali date and times, the place,
    the names of everyone with a confirmed place (and their codes), a blank signature column and
    blank lines. As a page with a print stylesheet, or an A4 PDF (`?format=pdf`). The names are
    registrants' personal data: the reader needs to see registrations."""

    model = Session

    def get_permission_required(self):
        return ("events.view_session", "events.view_registration")

    def get(self, request, pk):
        session = get_object_or_404(self.get_queryset().select_related("event__province", "facility"), pk=pk)
        event = session.event
        people = list(event.registrations.filter(status="confirmed").order_by("full_name"))
        rows = [{"number": display.number(index), "name": person.full_name, "code": person.code}
                for index, person in enumerate(people, 1)]
        rows += [{"number": display.number(index), "name": "", "code": ""}
                 for index in range(len(people) + 1, len(people) + BLANK_LINES + 1)]
        place = (f"{session.facility}، {session.facility.address}" if session.facility_id
                 else _("Online: %(link)s") % {"link": session.online_link})
        context = {
            "session": session, "event": event, "rows": rows, "people_count": display.number(len(people)),
            "when": _("%(date)s, %(start)s to %(end)s") % {
                "date": jalali.format_date_long(session.local_date), "start": format_time(session.starts_at),
                "end": format_time(session.ends_at)},
            "date_long": jalali.format_date_long(session.local_date), "place": place,
        }
        audit_event(session, "session_signin_sheet", request.user, people=len(people))
        if request.GET.get("format") == "pdf":
            content = render_pdf("events/signin_sheet_pdf.html", context, request=request)
            return pdf_response(content, f"sign-in-{session.pk}.pdf")
        return render(request, "events/signin_sheet.html", context)


class SessionTotalsView(ObjectTotalsView):
    """Sessions that took place, their hours and participants by area, county and Jalali month."""

    model = Session
    filterset_class = SessionFilterSet
    title = gettext_lazy("Totals of sessions held")
    search_placeholder = SessionListView.search_placeholder

    def get_groups(self, queryset):
        from .totals import session_totals

        return session_totals(queryset)
