"""Public pages, without signing in: a published public event, its registration form, and a
registrant's own page reached by their confirmation code (accept an offered place, cancel)."""
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import display, jalali
from core.services import WorkflowError

from . import registration as registrations
from . import services
from .choices import EventStatus, RegistrationSource, RegistrationStatus
from .forms import PublicRegistrationForm
from .models import Event, Registration, format_time


def public_events():
    return Event.objects.filter(status=EventStatus.PUBLISHED, public=True)


def _sessions(event):
    sessions = list(event.sessions.select_related("facility"))
    for session in sessions:
        session.when = _("%(date)s, %(start)s to %(end)s") % {
            "date": jalali.format_date_long(session.local_date), "start": format_time(session.starts_at),
            "end": format_time(session.ends_at)}
    return sessions


@require_http_methods(["GET", "POST"])
def event_page(request, pk):
    event = get_object_or_404(public_events(), pk=pk)
    # Once the first session has begun the page stays, without the form.
    form = PublicRegistrationForm(request.POST or None) if event.is_open_for_registration else None
    error = ""
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registrations.register(
                event, None, full_name=data["full_name"], mobile=data["mobile"], national_code=data["national_code"],
                consent=data["consent"], source=RegistrationSource.PUBLIC,
            )
        except WorkflowError as refusal:
            error = str(refusal)
        else:
            return HttpResponseRedirect(reverse("events:public_registration", args=[registration.code]))
    left = registrations.places_left(event)
    return render(request, "events/public_event.html", {
        "event": event, "sessions": _sessions(event), "form": form, "error": error, "places_left": left,
        "places_left_text": display.number(left),
    })


@require_http_methods(["GET", "POST"])
def registration_page(request, code):
    registration = get_object_or_404(Registration.objects.select_related("event"), code=code.upper())
    if registration.event.status == EventStatus.DRAFT:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.registration_accept(registration, None)
                messages.success(request, _("Your place is confirmed. See you there!"))
            elif action == "cancel":
                services.registration_cancel(registration, None, reason=_("Cancelled by the person on the public page."))
                messages.success(request, _("Your registration is cancelled. Thank you for telling us."))
        except WorkflowError as refusal:
            messages.error(request, str(refusal))
        return HttpResponseRedirect(request.path)
    position = None
    if registration.status == RegistrationStatus.WAITLISTED:
        ahead = registration.event.registrations.filter(status=RegistrationStatus.WAITLISTED, created_at__lt=registration.created_at)
        position = display.number(ahead.count() + 1)
    return render(request, "events/public_registration.html", {
        "registration": registration, "waiting_position": position,
        "offered_until": jalali.format_datetime(registration.offered_until),
        "can_accept": services.refusal_of(services.check_can_accept, registration) is None
        and registration.status == RegistrationStatus.OFFERED,
        "can_cancel": registration.status in registrations.ACTIVE
        and registration.event.status == EventStatus.PUBLISHED,
    })
