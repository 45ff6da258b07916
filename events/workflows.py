"""The workflows of spaces, events and registrations, declared once: pages, API endpoints and
the detail pages' buttons all come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from core.forms import ReasonForm
from core.services import WorkflowError
from core.workflow import Link, Step, Workflow

from . import services
from .forms import AttendanceSheetForm, CapacityForm, EventApproveForm, EventNoteForm, FacilityVerifyForm
from .models import Certificate, Event, Facility, Registration, Session

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
        Step("capacity", _("Change capacity"), services.event_set_capacity, CapacityForm, permission="submit",
             guard=services.check_can_set_capacity, title=_("Change the capacity"), button="btn-outline-primary",
             initial=lambda event: {"capacity": event.capacity},
             done=_("The capacity is changed; new places were offered to the people waiting.")),
        Step("certificates", _("Issue certificates"), services.event_issue_certificates, permission="submit",
             guard=services.check_can_issue_certificates, title=_("Issue certificates of attendance"),
             button="btn-outline-success",
             done=_("Certificates are issued to everyone who attended enough sessions.")),
        Step("cancel", _("Cancel event"), services.event_cancel, ReasonForm, guard=services.check_can_cancel,
             confirm_label=_("Cancel the event"), button="btn-outline-danger",
             done=_("The event is cancelled; its spaces and instructors are free again and the people registered and its instructors were told.")),
    ],
)



class AttendanceMark(Schema):
    registration: int
    status: str = Field(description="present, late, left_early, absent or excused")


class AttendanceIn(Schema):
    marks: list[AttendanceMark] = []
    codes: list[str] = Field([], description="Confirmation codes typed at the door: each marks its holder present.")


def attendance_arguments(session, payload: dict) -> dict:
    codes = [code.upper() for code in payload.get("codes", [])]
    found = dict(session.event.registrations.filter(code__in=codes).values_list("code", "pk"))
    if len(found) != len(set(codes)):
        raise WorkflowError(_("A code does not belong to anyone registered for this event."))
    return {"marks": {mark["registration"]: mark["status"] for mark in payload.get("marks", [])},
            "by_code": list(found.values())}


# A session's edit guard follows its event's state; attendance is taken on one page.
SESSION = Workflow(
    Session,
    edit_guard=services.check_can_change_session,
    steps=[
        Step("attendance", _("Attendance"), services.session_record_attendance, AttendanceSheetForm,
             permission="change", guard=services.check_can_record_attendance, title=_("Attendance for the session"),
             confirm_label=_("Save attendance"), button="btn-success", template_name="events/attendance_sheet.html",
             form_kwargs=lambda session: {"session": session}, api_schema=AttendanceIn,
             api_arguments=attendance_arguments, done=_("Attendance is saved."),
             description="Marks for the whole list at once; codes typed at the door mark their holders present."),
    ],
    # Names of the people registered: for those who work with them (board members do not).
    links=[Link("events:session_signin_sheet", _("Sign-in sheet"), permission="change")],
)

REGISTRATION = Workflow(
    Registration,
    create=services.registration_create,
    edit_guard=services.check_can_change_registration,
    steps=[
        Step("approve", _("Approve"), services.registration_approve, permission="manage",
             guard=services.check_can_decide_registration, button="btn-success",
             done=_("Approved: a place is confirmed, or the person is on the waiting list if the event is full.")),
        Step("decline", _("Decline"), services.registration_decline, ReasonForm, permission="manage",
             guard=services.check_can_decide_registration, button="btn-outline-danger", done=_("Declined.")),
        Step("accept", _("Take the offered place"), services.registration_accept, permission="manage",
             guard=services.check_can_accept, button="btn-success", done=_("The place is confirmed.")),
        Step("cancel", _("Cancel registration"), services.registration_cancel, ReasonForm, permission="manage",
             guard=services.check_can_cancel_registration, button="btn-outline-danger",
             done=_("The registration is cancelled; a freed place went to the next person waiting.")),
    ],
)

CERTIFICATE = Workflow(
    Certificate,
    steps=[
        Step("revoke", _("Revoke"), services.certificate_revoke, ReasonForm, guard=services.check_can_revoke,
             title=_("Revoke the certificate"), button="btn-outline-danger",
             done=_("The certificate is revoked; its verification page says so from now on.")),
    ],
    links=[Link("events:certificate_pdf", _("Certificate (PDF)"), permission="view")],
)
