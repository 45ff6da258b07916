"""The workflows of spaces, events and registrations, declared once: pages, API endpoints and
the detail pages' buttons all come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import EventApproveForm, EventNoteForm, FacilityVerifyForm
from .models import Event, Facility, Session

FACILITY = Workflow(
    Facility,
    edit_guard=services.check_can_change_facility,
    steps=[
        Step("verify", _("Record the visit"), services.facility_verify, FacilityVerifyForm,
             guard=services.check_can_verify, title=_("Verify the space after a visit"), button="btn-success",
             initial=lambda facility: {"seats": facility.seats},
             done=_("“%(object)s” is verified. Open it for booking when it is ready."),
             description="Record the visit; the seats counted there replace the reported number."),
        Step("open", _("Open for booking"), services.facility_open, permission="verify",
             guard=services.check_can_open, button="btn-success",
             done=_("“%(object)s” is available: events can book it now.")),
        Step("mark_unsuitable", _("Unsuitable"), services.facility_mark_unsuitable, ReasonForm, permission="retire",
             url_path="unsuitable", guard=services.check_can_mark_unsuitable, title=_("Mark the space unsuitable"),
             button="btn-outline-danger", done=_("“%(object)s” is marked unsuitable and stays on record.")),
        Step("retire", _("No longer available"), services.facility_retire, ReasonForm, guard=services.check_can_retire,
             title=_("Mark the space no longer available"), button="btn-outline-danger",
             done=_("“%(object)s” is no longer available and stays on record.")),
    ],
)

EVENT = Workflow(
    Event,
    edit_guard=services.check_can_change_event,
    steps=[
        Step("submit", _("Submit for approval"), services.event_submit, guard=services.check_can_submit,
             title=_("Submit the event to the provincial manager"), button="btn-success",
             done=_("The event was sent to the provincial manager for approval.")),
        Step("approve", _("Approve"), services.event_approve, EventApproveForm, guard=services.check_can_decide,
             title=_("Approve the event"), button="btn-success", done=_("The event is approved; the coordinator has been told.")),
        Step("return", _("Return for changes"), services.event_return, ReasonForm, permission="approve",
             guard=services.check_can_decide, title=_("Return the event for changes"), button="btn-outline-danger",
             done=_("The event is returned; the coordinator has been told why.")),
        Step("publish", _("Publish"), services.event_publish, permission="submit", guard=services.check_can_publish,
             title=_("Publish the event and open registration"), button="btn-success",
             done=_("The event is published: people can register now.")),
        Step("hold", _("Record as held"), services.event_hold, EventNoteForm, permission="submit",
             guard=services.check_can_hold, title=_("Record the event as held"), button="btn-success",
             done=_("The event is recorded as held. Enter attendance for each session.")),
        Step("close", _("Close"), services.event_close, EventNoteForm, permission="submit", guard=services.check_can_close,
             title=_("Close the event"), button="btn-outline-secondary", done=_("The event is closed.")),
        Step("cancel", _("Cancel event"), services.event_cancel, ReasonForm, guard=services.check_can_cancel,
             confirm_label=_("Cancel the event"), button="btn-outline-danger",
             done=_("The event is cancelled; its spaces and instructors are free again and the people registered were told.")),
    ],
)

# Sessions have no steps of their own: their edit guard follows the event's state.
SESSION = Workflow(Session, edit_guard=services.check_can_change_session)
