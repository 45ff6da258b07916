"""The recruitment pipeline: identified → contacted → interested → onboarded, or declined.
Each step is dated, has notes and a responsible person, and writes one audit row."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from core.services import Inapplicable, WorkflowError
from core.workflow import transition

from .choices import OPEN_STATUSES, CandidateKind, CandidateStatus
from .models import Candidate, CandidateStep


def _check_date(candidate, on: datetime.date):
    if on > timezone.localdate():
        raise WorkflowError(_("The date of a step cannot be in the future."))
    last = candidate.steps.order_by("-happened_on").values_list("happened_on", flat=True).first()
    if last and on < last:
        raise WorkflowError(_("The date cannot be before the previous step of this candidate."))


@transaction.atomic
def candidate_identify(person, area, by, *, responsible=None, reason: str = "", score: int = 0, on=None) -> Candidate:
    """Put a retiree or a retiree's child into the pipeline of an area."""
    from retirees.models import Child, Retiree

    on = on or timezone.localdate()
    if isinstance(person, Retiree):
        kind, links, province_id = CandidateKind.RETIREE, {"retiree": person}, person.province_id
    elif isinstance(person, Child):
        kind, links, province_id = CandidateKind.CHILD, {"child": person}, person.retiree.province_id
        if not person.retiree.consent_children:
            raise WorkflowError(_("The retiree's consent to recording children is not on record."))
    else:
        raise TypeError(person)
    if not person.consent_contact:
        raise WorkflowError(_("This person has not consented to be contacted."))
    if Candidate.objects.filter(area=area, **links).exists():
        raise WorkflowError(_("This person is already in the pipeline of this area."))
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                area=area, province_id=province_id, kind=kind, assigned_to=responsible, reason=reason, score=score,
                created_by=by, **links,
            )
    except IntegrityError:
        raise WorkflowError(_("This person is already in the pipeline of this area.")) from None
    CandidateStep.objects.create(candidate=candidate, status=CandidateStatus.IDENTIFIED, happened_on=on, notes=reason,
                                 responsible=responsible, recorded_by=by)
    return candidate


# --- guards: the state checks, also used by pages to explain a refusal before any form ---

def check_can_contact(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.IDENTIFIED:
        raise Inapplicable(_("Only an identified candidate can be marked as contacted."))


def check_can_interest(candidate: Candidate) -> None:
    if candidate.status == CandidateStatus.IDENTIFIED:
        raise WorkflowError(_("Record the contact first; then the candidate's interest."))
    if candidate.status != CandidateStatus.CONTACTED:
        raise Inapplicable(_("Only a contacted candidate's interest can be recorded."))


def check_can_decline(candidate: Candidate) -> None:
    if candidate.status not in OPEN_STATUSES:
        raise Inapplicable(_("This candidate has already left the pipeline."))


def check_can_onboard(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.INTERESTED:
        raise Inapplicable(_("Only an interested candidate can be onboarded."))


def _step(candidate, by, to_status, guard, *, on=None, notes="", responsible=None, before=None) -> Candidate:
    """One dated step: the candidate's new status, who follows it up, and its line in the history.
    `before(candidate, on)` may add fields (the ambassador made on onboarding)."""
    on = on or timezone.localdate()
    with transition(candidate, f"candidate_{to_status}", by, guard, notes=notes, on=on.isoformat()) as step:
        candidate = step.obj
        _check_date(candidate, on)
        responsible = responsible or candidate.assigned_to or by
        step.set(status=to_status, assigned_to=responsible, **(before(candidate, on) if before else {}))
        CandidateStep.objects.create(candidate=candidate, status=to_status, happened_on=on, notes=notes,
                                     responsible=responsible, recorded_by=by)
    return candidate


def candidate_contact(candidate, by, **step) -> Candidate:
    return _step(candidate, by, CandidateStatus.CONTACTED, check_can_contact, **step)


def candidate_interest(candidate, by, **step) -> Candidate:
    return _step(candidate, by, CandidateStatus.INTERESTED, check_can_interest, **step)


def candidate_decline(candidate, by, **step) -> Candidate:
    return _step(candidate, by, CandidateStatus.DECLINED, check_can_decline, **step)


def candidate_onboard(candidate, by, *, national_code: str = "", gender: str = "", **step) -> Candidate:
    """Make the candidate an active ambassador of the area, linked to their roster record (no retyping)."""

    def make_ambassador(candidate, on):
        ambassador = _ambassador_for(candidate, by, national_code, gender, on)
        ambassador.areas.add(candidate.area)
        return {"ambassador": ambassador}

    return _step(candidate, by, CandidateStatus.ONBOARDED, check_can_onboard, before=make_ambassador, **step)


def _ambassador_for(candidate, by, national_code, gender, on) -> Ambassador:
    if candidate.kind == CandidateKind.RETIREE:
        retiree = candidate.retiree
        details = {
            "first_name": retiree.first_name, "last_name": retiree.last_name, "gender": retiree.gender,
            "birth_date": retiree.birth_date, "county_id": retiree.county_id, "education": retiree.education,
            "mobile": retiree.mobile, "expertise": "، ".join(v for v in (retiree.specialty, retiree.field_of_study) if v),
        }
        national_code = retiree.national_code
    else:
        child = candidate.child
        if not national_code or not gender:
            raise WorkflowError(_("Enter the national code and gender of this son or daughter to onboard them."))
        retiree = None
        details = {
            "first_name": child.first_name, "last_name": child.last_name, "gender": gender,
            "education": child.education, "mobile": child.mobile, "expertise": child.field_of_study,
        }
    existing = Ambassador.objects.with_national_code(national_code).first()
    if existing is not None:
        if existing.province_id != candidate.province_id:
            raise WorkflowError(_("An ambassador with this national code is registered in another province."))
        if existing.retiree_id is None and retiree is not None:
            existing.retiree = retiree
            existing.save(update_fields=["retiree", "updated_at"])
        return existing
    ambassador = Ambassador(
        national_code=national_code, province_id=candidate.province_id, status=AmbassadorStatus.ACTIVE, joined_on=on,
        retiree=retiree, created_by=by, notes=_("Recruited through the pipeline of %(area)s.") % {"area": candidate.area},
        **details,
    )
    try:
        ambassador.full_clean(exclude=["user"])
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    ambassador.save()
    return ambassador
