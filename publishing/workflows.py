"""The post and revision workflows (D10), declared once: pages, API endpoints and the detail
pages' buttons come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm, ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import ArchiveForm, ChangesForm, NoteForm, ReviseForm, ScheduleForm, revise_initial
from .models import Post, Revision

POST = Workflow(
    Post,
    create=services.post_create,
    edit_guard=services.check_can_change,
    steps=[
        Step("submit", _("Send for review"), services.post_submit, ConfirmForm, permission="change",
             guard=services.check_can_submit, title=_("Send the post for review"), button="btn-success",
             done=_("Sent: the editors of the working group have been told.")),
        Step("request_changes", _("Return for changes"), services.post_request_changes, ChangesForm,
             permission="review", guard=services.check_can_review, title=_("Return the post for changes"),
             button="btn-outline-danger", done=_("Returned to the writers with what to change.")),
        Step("approve", _("Approve"), services.post_approve, NoteForm, permission="review",
             guard=services.check_can_review, title=_("Approve the post"), button="btn-success",
             done=_("Approved: schedule it or publish it now.")),
        Step("schedule", _("Schedule"), services.post_schedule, ScheduleForm, permission="review",
             guard=services.check_can_schedule, title=_("Schedule the publication"), button="btn-outline-primary",
             done=_("Scheduled: it goes public at the chosen time.")),
        Step("publish", _("Publish now"), services.post_publish, ConfirmForm, permission="review",
             guard=services.check_can_publish, title=_("Publish the post now"), button="btn-success",
             done=_("Published: the post is on the public site and in its feeds.")),
        Step("archive", _("Archive"), services.post_archive, ArchiveForm, permission="review",
             guard=services.check_can_archive, title=_("Archive the post"), button="btn-outline-secondary",
             done=_("Archived: the post is no longer on the public site.")),
        Step("revise", _("Propose a change"), services.post_revise, ReviseForm, permission="change",
             guard=services.check_can_revise, title=_("Propose a change to the published post"),
             button="btn-outline-primary", initial=revise_initial,
             done=_("Your change awaits an editor; the published version stays until it is approved.")),
    ],
)

REVISION = Workflow(
    Revision,
    steps=[
        Step("approve", _("Approve the change"), services.revision_approve, NoteForm, permission="review",
             guard=services.check_can_decide, title=_("Approve the change: it goes live"), button="btn-success",
             done=_("Approved: the change is live.")),
        Step("reject", _("Do not accept"), services.revision_reject, ReasonForm, permission="review",
             guard=services.check_can_decide, title=_("Do not accept the change"), button="btn-outline-danger",
             done=_("Not accepted; the writer has been told why.")),
    ],
)
