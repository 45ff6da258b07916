"""Workflows of events (D6, D12) and the spaces they use (D8). Only these functions change a
`status`; each is atomic, checks the current state and writes one audit row (core.workflow)."""
from django.utils.translation import gettext as _

from core.services import Inapplicable, WorkflowError
from core.workflow import transition

from .choices import FacilityStatus
from .models import Facility

# --- spaces (D8) ---------------------------------------------------------------------------

def check_can_change_facility(facility: Facility) -> None:
    if facility.status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
        raise Inapplicable(_("This space is “%(status)s” and stays on record as it is.") % {"status": facility.get_status_display()})


def check_can_verify(facility: Facility) -> None:
    if facility.status != FacilityStatus.REPORTED:
        raise Inapplicable(_("This space was already visited and verified."))


def check_can_open(facility: Facility) -> None:
    if facility.status == FacilityStatus.REPORTED:
        raise WorkflowError(_("Visit the space and verify it first; then it can be opened for booking."))
    if facility.status != FacilityStatus.VERIFIED:
        raise Inapplicable(_("Only a verified space can be opened for booking."))


def check_can_mark_unsuitable(facility: Facility) -> None:
    if facility.status not in (FacilityStatus.REPORTED, FacilityStatus.VERIFIED, FacilityStatus.AVAILABLE):
        raise Inapplicable(_("This space is already off the list."))


def check_can_retire(facility: Facility) -> None:
    if facility.status not in (FacilityStatus.VERIFIED, FacilityStatus.AVAILABLE):
        raise Inapplicable(_("Only a verified or available space can be retired."))


def facility_verify(facility: Facility, by, *, visited_on, seats, visit_notes: str = "") -> Facility:
    """Record the visit: the seats counted there replace the reported number."""
    with transition(facility, "facility_verify", by, check_can_verify, visit_notes=visit_notes) as step:
        step.set(status=FacilityStatus.VERIFIED, visited_on=visited_on, seats=seats, visit_notes=visit_notes,
                 verified_by=by)
    return step.obj


def facility_open(facility: Facility, by) -> Facility:
    with transition(facility, "facility_open", by, check_can_open) as step:
        step.set(status=FacilityStatus.AVAILABLE)
    return step.obj


def _close(facility, by, event, guard, status, reason):
    with transition(facility, event, by, guard, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why, so others know whether to look again later."))
        step.set(status=status, status_reason=reason)
    return step.obj


def facility_mark_unsuitable(facility: Facility, by, *, reason: str) -> Facility:
    return _close(facility, by, "facility_mark_unsuitable", check_can_mark_unsuitable, FacilityStatus.UNSUITABLE, reason)


def facility_retire(facility: Facility, by, *, reason: str) -> Facility:
    return _close(facility, by, "facility_retire", check_can_retire, FacilityStatus.RETIRED, reason)
