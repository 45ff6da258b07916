"""Activating and deactivating ambassadors, declared once (core.workflow)."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .choices import AmbassadorStatus
from .models import Ambassador


def activate_label(ambassador) -> str:
    return _("Reactivate") if ambassador.status == AmbassadorStatus.INACTIVE else _("Activate")


AMBASSADOR = Workflow(
    Ambassador,
    steps=[
        Step("activate", activate_label, services.ambassador_activate, permission="deactivate",
             guard=services.check_can_activate, title=gettext_lazy("Activate ambassador"), button="btn-outline-success",
             done=gettext_lazy("“%(object)s” is now active.")),
        Step("deactivate", gettext_lazy("Deactivate"), services.ambassador_deactivate, ReasonForm,
             guard=services.check_can_deactivate, title=gettext_lazy("Deactivate ambassador"),
             button="btn-outline-danger",
             done=gettext_lazy("“%(object)s” is now inactive. You can reactivate them from this page."),
             description="Deactivate an ambassador, saying why (kept in the audit log)."),
    ],
)
