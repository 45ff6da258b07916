"""The meeting and follow-up workflows (D5), declared once: pages, API endpoints and the
detail pages' buttons all come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import FollowUpCompleteForm, MeetingApproveForm, MeetingDeclineForm, MeetingHoldForm
from .models import FollowUp, Meeting

# What a manager reads before deciding, and an ambassador before recording the meeting.
REQUEST_SUMMARY = ("organization", "purpose", "proposed_date", "our_attendees", "areas", "created_by")

MEETING = Workflow(
    Meeting,
    create=services.meeting_request,
    edit_guard=services.check_can_change,
    steps=[
        Step("approve", _("Approve"), services.meeting_approve, MeetingApproveForm, guard=services.check_can_decide,
             title=_("Approve meeting request"), summary=REQUEST_SUMMARY, button="btn-success",
             done=_("The meeting is approved; the requester has been told."),
             description="Provincial managers approve a request, saying whether they will accompany it."),
        Step("decline", _("Decline"), services.meeting_decline, MeetingDeclineForm, permission="approve",
             guard=services.check_can_decide, title=_("Decline meeting request"), button="btn-outline-danger", summary=REQUEST_SUMMARY,
             done=_("The request is declined; the requester has been told why.")),
        Step("hold", _("Record as held"), services.meeting_hold, MeetingHoldForm, guard=services.check_can_hold,
             title=_("Record the meeting as held"), confirm_label=_("Save"), button="btn-success",
             summary=("organization", "purpose", "proposed_date"),
             done=_("The meeting is recorded as held."),
             description="Record an approved meeting as held (409 if it is not approved)."),
        Step("cancel", _("Cancel meeting"), services.meeting_cancel, ReasonForm, guard=services.check_can_cancel,
             confirm_label=_("Cancel the meeting"), button="btn-outline-danger", done=_("The meeting is cancelled.")),
    ],
)

FOLLOWUP = Workflow(
    FollowUp,
    steps=[
        Step("complete", _("Mark done"), services.followup_complete, FollowUpCompleteForm,
             guard=services.check_can_complete, title=_("Mark follow-up done"), button="btn-success",
             done=_("Marked done. If that was a mistake, reopen it from this page.")),
        Step("reopen", _("Reopen"), services.followup_reopen, ReasonForm, permission="complete",
             guard=services.check_can_reopen, title=_("Reopen follow-up"), button="btn-outline-secondary",
             done=_("The follow-up is open again.")),
    ],
)
