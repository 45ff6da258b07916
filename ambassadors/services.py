"""Ambassador workflow: status changes happen only here, each audited."""
from django.utils.translation import gettext as _

from core.services import Inapplicable
from core.workflow import transition

from .choices import AmbassadorStatus
from .models import Ambassador


def check_can_deactivate(ambassador: Ambassador) -> None:
    if ambassador.status == AmbassadorStatus.INACTIVE:
        raise Inapplicable(_("This ambassador is already inactive."))


def check_can_activate(ambassador: Ambassador) -> None:
    if ambassador.status == AmbassadorStatus.ACTIVE:
        raise Inapplicable(_("This ambassador is already active."))


def ambassador_deactivate(ambassador: Ambassador, by, reason: str = "") -> Ambassador:
    with transition(ambassador, "ambassador_deactivate", by, check_can_deactivate, reason=reason) as step:
        step.set(status=AmbassadorStatus.INACTIVE)
    return step.obj


def ambassador_activate(ambassador: Ambassador, by) -> Ambassador:
    with transition(ambassador, "ambassador_activate", by, check_can_activate) as step:
        step.set(status=AmbassadorStatus.ACTIVE)
    return step.obj
