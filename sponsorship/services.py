"""Pledge workflow (D9): pledged → partly received → received → closed, or cancelled.
Only these functions change `status` and `received_rials`; each is atomic, checks the
current state and writes one audit row."""
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_event, save_transition
from core.services import WorkflowError

from .choices import PledgeStatus
from .models import Pledge, Receipt

OPEN = (PledgeStatus.PLEDGED, PledgeStatus.PARTLY_RECEIVED)


def check_can_change(pledge: Pledge) -> None:
    if pledge.status != PledgeStatus.PLEDGED:
        raise WorkflowError(
            _("Only a pledge with nothing received yet can be edited. Record what arrives, or close the pledge.")
        )


def check_can_receive(pledge: Pledge) -> None:
    if pledge.status not in OPEN:
        raise WorkflowError(
            _("This pledge is “%(status)s”: nothing more can be recorded against it.") % {"status": pledge.get_status_display()}
        )


def check_can_close(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.PLEDGED:
        raise WorkflowError(_("Nothing was received against this pledge yet. Record a receipt, or cancel the pledge."))
    if pledge.status not in (PledgeStatus.PARTLY_RECEIVED, PledgeStatus.RECEIVED):
        raise WorkflowError(_("This pledge is already “%(status)s”.") % {"status": pledge.get_status_display()})


def check_can_cancel(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.PARTLY_RECEIVED:
        raise WorkflowError(_("Part of this pledge was already received, so it cannot be cancelled. Close it instead."))
    if pledge.status != PledgeStatus.PLEDGED:
        raise WorkflowError(_("This pledge is already “%(status)s”.") % {"status": pledge.get_status_display()})


def check_can_acknowledge(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.CANCELLED:
        raise WorkflowError(_("This pledge was cancelled: there is nothing to thank the sponsor for."))


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update(of=("self",)).get(pk=pledge.pk)


@transaction.atomic
def pledge_receive(pledge: Pledge, by, *, received_on, value_rials: int, description: str) -> Pledge:
    """Record what the sponsor gave; the pledge becomes received once its value is reached."""
    pledge = _locked(pledge)
    check_can_receive(pledge)
    if received_on < pledge.pledged_on:
        raise WorkflowError(_("The date received cannot be before the pledge was made."))
    receipt = Receipt(pledge=pledge, received_on=received_on, value_rials=value_rials, description=description, created_by=by)
    receipt.full_clean()
    with disable_auditlog():
        # The receipt is named in the transition's single audit row.
        receipt.save()
    received = pledge.received_rials + value_rials
    status = PledgeStatus.RECEIVED if received >= pledge.value_rials else PledgeStatus.PARTLY_RECEIVED
    return save_transition(
        pledge, "pledge_receive", by, {"status": status, "received_rials": received},
        receipt=receipt.pk, value_rials=value_rials, received_on=received_on.isoformat(), description=description,
    )


@transaction.atomic
def pledge_close(pledge: Pledge, by, *, note: str = "") -> Pledge:
    pledge = _locked(pledge)
    check_can_close(pledge)
    if pledge.status == PledgeStatus.PARTLY_RECEIVED and not note.strip():
        raise WorkflowError(_("Not all of it was received: say why the pledge is closed anyway."))
    return save_transition(pledge, "pledge_close", by, {"status": PledgeStatus.CLOSED, "closing_note": note}, note=note)


@transaction.atomic
def pledge_cancel(pledge: Pledge, by, *, reason: str) -> Pledge:
    pledge = _locked(pledge)
    check_can_cancel(pledge)
    if not reason.strip():
        raise WorkflowError(_("Say why the pledge is cancelled."))
    return save_transition(
        pledge, "pledge_cancel", by, {"status": PledgeStatus.CANCELLED, "cancel_reason": reason}, reason=reason
    )


def pledge_acknowledge(pledge: Pledge, by) -> None:
    """An acknowledgement letter is an official document: issuing one is audited."""
    check_can_acknowledge(pledge)
    audit_event(pledge, "pledge_acknowledge", by, action=LogEntry.Action.ACCESS)
