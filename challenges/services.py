"""Challenge workflow (D13): reported → accepted (open) | merged into another | rejected with
a reason, by the coordinator; supports in the quarter's priority round; closing a round
freezes its ranking. Only these functions change `status`, each atomic and audited."""
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.roles import Role
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language

from . import selectors
from .choices import ChallengeStatus
from .models import Challenge, PriorityRound, Support

# --- guards ---------------------------------------------------------------------------------

def check_can_triage(challenge: Challenge) -> None:
    if challenge.status != ChallengeStatus.REPORTED:
        raise Inapplicable(_("This challenge was already triaged (it is “%(status)s”).")
                           % {"status": challenge.get_status_display()})


def check_can_change(challenge: Challenge) -> None:
    if challenge.status not in (ChallengeStatus.REPORTED, ChallengeStatus.OPEN):
        raise Inapplicable(_("A merged or rejected challenge is no longer edited."))


def check_can_support(challenge: Challenge) -> None:
    if challenge.status != ChallengeStatus.OPEN:
        raise Inapplicable(_("Only an accepted, open challenge can be supported."))
    if selectors.open_round(challenge.province) is None:
        raise WorkflowError(_("No priority round is open in this province now: supports are given during a round."))


def check_can_close(round_: PriorityRound) -> None:
    if round_.closed_at is not None:
        raise Inapplicable(_("This round is already closed."))


# --- steps ----------------------------------------------------------------------------------

def _link(challenge) -> str:
    return reverse("challenges:challenge_detail", args=[challenge.pk])


def challenge_report(by, **fields) -> Challenge:
    """A new challenge, awaiting triage; the province's coordinators are told."""
    with transaction.atomic():
        challenge = Challenge(created_by=by, **fields)
        challenge.full_clean()
        challenge.save()
        with site_language():
            for coordinator in User.objects.filter(role=Role.COORDINATOR, province_id=challenge.province_id,
                                                   is_active=True).exclude(pk=getattr(by, "pk", None)):
                notify(coordinator, _("New challenge to triage: %(title)s") % {"title": challenge.title},
                       link=_link(challenge))
    return challenge


def challenge_accept(challenge: Challenge, by, *, note: str = "") -> Challenge:
    with transition(challenge, "challenge_accept", by, check_can_triage, note=note) as step:
        step.set(status=ChallengeStatus.OPEN, triage_note=note, triaged_by=by, triaged_at=timezone.now())
    return step.obj


def challenge_reject(challenge: Challenge, by, *, reason: str) -> Challenge:
    with transition(challenge, "challenge_reject", by, check_can_triage, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the challenge is rejected."))
        step.set(status=ChallengeStatus.REJECTED, triage_note=reason, triaged_by=by, triaged_at=timezone.now())
        with site_language():
            notify(step.obj.created_by, _("Challenge not taken up: %(title)s") % {"title": step.obj.title}, reason,
                   link=_link(step.obj))
    return step.obj


def challenge_merge(challenge: Challenge, by, *, into: Challenge, note: str = "") -> Challenge:
    """Merge a copy into the challenge it repeats. Supports are never moved: they stay on the
    merged challenge (and are given back to their people for the round); its reporter and
    supporters are told where to go, and can support the other one themselves."""
    with transition(challenge, "challenge_merge", by, check_can_triage, into=into.pk, note=note) as step:
        obj = step.obj
        if into.pk == obj.pk or into.province_id != obj.province_id:
            raise WorkflowError(_("Choose another challenge of the same province."))
        if into.status not in (ChallengeStatus.REPORTED, ChallengeStatus.OPEN):
            raise WorkflowError(_("Merge into a challenge that is open or awaiting triage."))
        step.set(status=ChallengeStatus.MERGED, merged_into=into, triage_note=note, triaged_by=by,
                 triaged_at=timezone.now())
        people = {obj.created_by} | {support.supporter for support in obj.supports.select_related("supporter")}
        with site_language():
            for person in people - {None}:
                notify(person, _("A challenge you filed or supported was merged: %(title)s") % {"title": obj.title},
                       _("It repeats “%(other)s”. Your support stays recorded and is given back for this round: "
                         "support “%(other)s” if you wish.") % {"other": into.title},
                       link=_link(into))
    return step.obj


def challenge_support(challenge: Challenge, by) -> Challenge:
    with transition(challenge, "challenge_support", by, check_can_support) as step:
        round_ = selectors.open_round(step.obj.province)
        used = selectors.supports_used(round_, by)
        if used >= round_.supports_per_person:
            raise WorkflowError(_("You have used all %(total)s of your supports in this round. Withdraw one to "
                                  "support this challenge.") % {"total": round_.supports_per_person})
        try:
            with transaction.atomic():
                Support.objects.create(round=round_, challenge=step.obj, supporter=by)
        except IntegrityError:
            raise WorkflowError(_("You already support this challenge in this round.")) from None
        step.note(round=round_.pk)
    return step.obj


def challenge_withdraw(challenge: Challenge, by) -> Challenge:
    with transition(challenge, "challenge_withdraw", by, check_can_support) as step:
        round_ = selectors.open_round(step.obj.province)
        deleted, _count = Support.objects.filter(round=round_, challenge=step.obj, supporter=by).delete()
        if not deleted:
            raise WorkflowError(_("You do not support this challenge in this round."))
        step.note(round=round_.pk)
    return step.obj


def round_close(round_: PriorityRound, by) -> PriorityRound:
    with transition(round_, "priorityround_close", by, check_can_close) as step:
        step.set(closed_at=timezone.now(), ranking=selectors.ranking(step.obj))
    return step.obj


def close_due_rounds(now=None) -> int:
    """Close every round whose closing time has passed (manage.py close_priority_rounds)."""
    now = now or timezone.now()
    closed = 0
    for round_ in PriorityRound.objects.filter(closed_at__isnull=True, closes_at__lte=now):
        round_close(round_, None)
        closed += 1
    return closed
