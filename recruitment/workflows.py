"""The recruitment pipeline's steps (D3), declared once (core.workflow): identified →
contacted → interested → onboarded, or declined."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Step, Workflow

from . import services
from .forms import OnboardForm, StepForm
from .models import Candidate


def moved(candidate, user) -> str:
    candidate.refresh_from_db()
    return _("“%(object)s” is now: %(status)s.") % {"object": candidate, "status": candidate.get_status_display()}


def onboarded(candidate, user) -> str:
    return moved(candidate, user) + " " + _("The ambassador record was created from the roster.")


def for_candidate(candidate) -> dict:
    return {"candidate": candidate}


CANDIDATE = Workflow(
    Candidate,
    steps=[
        Step("contact", gettext_lazy("Record the contact"), services.candidate_contact, StepForm, permission="advance",
             guard=services.check_can_contact, form_kwargs=for_candidate, done=moved),
        Step("interest", gettext_lazy("Record interest"), services.candidate_interest, StepForm, permission="advance",
             guard=services.check_can_interest, form_kwargs=for_candidate, done=moved),
        Step("onboard", gettext_lazy("Onboard as ambassador"), services.candidate_onboard, OnboardForm,
             guard=services.check_can_onboard, form_kwargs=for_candidate, button="btn-success", done=onboarded,
             description="Creates the ambassador from the roster record (no retyping) and links it."),
        Step("decline", gettext_lazy("Record refusal"), services.candidate_decline, StepForm, permission="advance",
             guard=services.check_can_decline, form_kwargs=for_candidate, button="btn-outline-danger", done=moved),
    ],
)
