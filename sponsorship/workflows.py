"""The pledge workflow (D9), declared once: pages, API endpoints and the pledge page's
buttons come from here (core.workflow)."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import display
from core.forms import ReasonForm
from core.money import unit_for
from core.workflow import Link, Step, Workflow

from . import services
from .choices import PledgeStatus
from .forms import CloseForm, ReceiveForm
from .models import Pledge


def received_message(pledge, user) -> str:
    if pledge.status == PledgeStatus.RECEIVED:
        return _("Recorded. The pledge is now received in full; you can print the acknowledgement letter.")
    return _("Recorded. %(amount)s is still to come.") % {"amount": display.money(pledge.outstanding_rials, unit_for(user))}


PLEDGE = Workflow(
    Pledge,
    edit_guard=services.check_can_change,
    steps=[
        Step("receive", gettext_lazy("Record what was received"), services.pledge_receive, ReceiveForm,
             guard=services.check_can_receive, confirm_label=gettext_lazy("Save"), button="btn-success",
             done=received_message,
             description="Record what the sponsor gave (a receipt); the pledge becomes partly received or received."),
        Step("close", gettext_lazy("Close pledge"), services.pledge_close, CloseForm, guard=services.check_can_close,
             done=gettext_lazy("The pledge is closed.")),
        Step("cancel", gettext_lazy("Cancel pledge"), services.pledge_cancel, ReasonForm, permission="close",
             guard=services.check_can_cancel, confirm_label=gettext_lazy("Cancel the pledge"),
             button="btn-outline-danger", done=gettext_lazy("The pledge is cancelled.")),
    ],
    links=[
        Link("sponsorship:pledge_letter", gettext_lazy("Acknowledgement letter (PDF)"), permission="acknowledge",
             guard=services.check_can_acknowledge),
    ],
)
