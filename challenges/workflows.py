"""The challenge and priority-round workflows (D13), declared once: pages, API endpoints and
the detail pages' buttons come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm, ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import MergeForm, NoteForm, ProgressForm
from .models import Action, Challenge, PriorityRound

CHALLENGE = Workflow(
    Challenge,
    create=services.challenge_report,
    edit_guard=services.check_can_change,
    steps=[
        Step("accept", _("Accept"), services.challenge_accept, NoteForm, permission="triage",
             guard=services.check_can_triage, title=_("Accept the challenge"), button="btn-success",
             done=_("Accepted: the challenge is open and can be supported in priority rounds.")),
        Step("merge", _("Merge into another"), services.challenge_merge, MergeForm, permission="triage",
             guard=services.check_can_triage, title=_("Merge into another challenge"), button="btn-outline-primary",
             form_kwargs=lambda challenge: {"challenge": challenge},
             done=_("Merged. Its reporter and supporters have been told; their supports were not moved.")),
        Step("reject", _("Reject"), services.challenge_reject, ReasonForm, permission="triage",
             guard=services.check_can_triage, title=_("Reject the challenge"), button="btn-outline-danger",
             done=_("Rejected; the reporter has been told why.")),
        Step("support", _("Support"), services.challenge_support, ConfirmForm, guard=services.check_can_support,
             title=_("Support this challenge in the priority round"), button="btn-success",
             done=_("Your support is counted.")),
        Step("withdraw", _("Withdraw my support"), services.challenge_withdraw, ConfirmForm, permission="support",
             guard=services.check_can_support, title=_("Withdraw your support"), button="btn-outline-secondary",
             done=_("Your support is withdrawn; you can give it to another challenge.")),
    ],
)

ROUND = Workflow(
    PriorityRound,
    steps=[
        Step("close", _("Close the round now"), services.round_close, ConfirmForm, guard=services.check_can_close,
             title=_("Close the priority round"), button="btn-outline-danger",
             done=_("Closed: the ranking is frozen.")),
    ],
)

ACTION = Workflow(
    Action,
    create=services.action_create,
    edit_guard=services.check_can_change_action,
    steps=[
        Step("progress", _("Record progress"), services.action_progress, ProgressForm, guard=services.check_can_progress,
             title=_("Record progress on the action"), button="btn-success",
             done=_("Progress recorded on the action’s timeline.")),
        Step("drop", _("Drop the action"), services.action_drop, ReasonForm, permission="progress",
             guard=services.check_can_drop, title=_("Drop the action"), button="btn-outline-danger",
             done=_("Dropped; it no longer counts in the progress above it.")),
    ],
)
