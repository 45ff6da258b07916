"""Ambassador workflow: status changes happen only here, each audited."""
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import save_transition
from core.services import WorkflowError

from .choices import AmbassadorStatus
from .models import Ambassador


@transaction.atomic
def ambassador_deactivate(ambassador: Ambassador, by, reason: str = "") -> Ambassador:
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if ambassador.status == AmbassadorStatus.INACTIVE:
        raise WorkflowError(_("This ambassador is already inactive."))
    return save_transition(
        ambassador, "ambassador_deactivate", by, {"status": AmbassadorStatus.INACTIVE}, reason=reason
    )


@transaction.atomic
def ambassador_activate(ambassador: Ambassador, by) -> Ambassador:
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if ambassador.status == AmbassadorStatus.ACTIVE:
        raise WorkflowError(_("This ambassador is already active."))
    return save_transition(ambassador, "ambassador_activate", by, {"status": AmbassadorStatus.ACTIVE})
