"""Pledge workflow (D9): pledged → partly received → received → closed, or cancelled.
Only these functions change `status` and `received_rials`; each is atomic, checks the
current state and writes one audit row."""
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from core.audit import audit_event
from core.services import Inapplicable, WorkflowError
from core.workflow import transition

from .choices import PledgeStatus
from .models import Pledge, Receipt

OPEN = (PledgeStatus.PLEDGED, PledgeStatus.PARTLY_RECEIVED)


def check_can_change(pledge: Pledge) -> None:
    if pledge.status != PledgeStatus.PLEDGED:
        raise Inapplicable(
            _("Only a pledge with nothing received yet can be edited. Record what arrives, or close the pledge.")
        )


def check_can_receive(pledge: Pledge) -> None:
    if pledge.status not in OPEN:
        raise Inapplicable(
            _("This pledge is “%(status)s”: nothing more can be recorded against it.") % {"status": pledge.get_status_display()}
        )


def check_can_close(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.PLEDGED:
        raise WorkflowError(_("Nothing was received against this pledge yet. Record a receipt, or cancel the pledge."))
    if pledge.status not in (PledgeStatus.PARTLY_RECEIVED, PledgeStatus.RECEIVED):
        raise Inapplicable(_("This pledge is already “%(status)s”.") % {"status": pledge.get_status_display()})


def check_can_cancel(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.PARTLY_RECEIVED:
        raise WorkflowError(_("Part of this pledge was already received, so it cannot be cancelled. Close it instead."))
    if pledge.status != PledgeStatus.PLEDGED:
        raise Inapplicable(_("This pledge is already “%(status)s”.") % {"status": pledge.get_status_display()})


def check_can_acknowledge(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.CANCELLED:
        raise Inapplicable(_("This pledge was cancelled: there is nothing to thank the sponsor for."))


def pledge_receive(pledge: Pledge, by, *, received_on, value_rials: int, description: str) -> Pledge:
    """Record what the sponsor gave; the pledge becomes received once its value is reached."""
    with transition(pledge, "pledge_receive", by, check_can_receive) as step:
        pledge = step.obj
        if received_on < pledge.pledged_on:
            raise WorkflowError(_("The date received cannot be before the pledge was made."))
        receipt = Receipt(pledge=pledge, received_on=received_on, value_rials=value_rials, description=description,
                          created_by=by)
        receipt.full_clean()
        with disable_auditlog():
            # The receipt is named in the transition's single audit row.
            receipt.save()
        received = pledge.received_rials + value_rials
        status = PledgeStatus.RECEIVED if received >= pledge.value_rials else PledgeStatus.PARTLY_RECEIVED
        step.set(status=status, received_rials=received)
        step.note(receipt=receipt.pk, value_rials=value_rials, received_on=received_on.isoformat(), description=description)
    return step.obj


def pledge_close(pledge: Pledge, by, *, note: str = "") -> Pledge:
    with transition(pledge, "pledge_close", by, check_can_close, note=note) as step:
        if step.obj.status == PledgeStatus.PARTLY_RECEIVED and not note.strip():
            raise WorkflowError(_("Not all of it was received: say why the pledge is closed anyway."))
        step.set(status=PledgeStatus.CLOSED, closing_note=note)
    return step.obj


def pledge_cancel(pledge: Pledge, by, *, reason: str) -> Pledge:
    with transition(pledge, "pledge_cancel", by, check_can_cancel, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the pledge is cancelled."))
        step.set(status=PledgeStatus.CANCELLED, cancel_reason=reason)
    return step.obj


def pledge_acknowledge(pledge: Pledge, by) -> None:
    """An acknowledgement letter is an official document: issuing one is audited."""
    check_can_acknowledge(pledge)
    audit_event(pledge, "pledge_acknowledge", by, action=LogEntry.Action.ACCESS)
