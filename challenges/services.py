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
from .choices import ActionStatus, ChallengeStatus
from .models import Action, Challenge, PriorityRound, ProgressUpdate, Support

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


# --- actions --------------------------------------------------------------------------------

def check_can_progress(action: Action) -> None:
    if action.status == ActionStatus.DROPPED:
        raise Inapplicable(_("This action was dropped."))
    if action.children.exclude(status=ActionStatus.DROPPED).exists():
        raise Inapplicable(_("The progress of this action comes from its parts: record progress on them."))


def check_can_drop(action: Action) -> None:
    if action.status != ActionStatus.OPEN:
        raise Inapplicable(_("Only an action under way can be dropped."))


def check_can_change_action(action: Action) -> None:
    if action.status == ActionStatus.DROPPED:
        raise Inapplicable(_("A dropped action is no longer edited."))


def weighted_progress(parts) -> int | None:
    """The weighted mean of the parts' progress (dropped parts left out), or None without parts."""
    counted = [(part.weight or 1, part.progress) for part in parts if part.status != ActionStatus.DROPPED]
    total = sum(weight for weight, _progress in counted)
    if not total:
        return None
    return round(sum(weight * progress for weight, progress in counted) / total)


def refresh_progress(action_id, by, *, because: str = "") -> None:
    """Recompute the progress of the action and of every action above it from their parts,
    writing a dated entry on the timeline of each whose progress changed."""
    seen = set()
    while action_id and action_id not in seen:
        seen.add(action_id)
        action = Action.objects.select_for_update().get(pk=action_id)
        value = weighted_progress(list(action.children.all()))
        if value is not None and action.status != ActionStatus.DROPPED:
            status = ActionStatus.DONE if value >= 100 else ActionStatus.OPEN
            if (value, status) != (action.progress, action.status):
                Action.objects.filter(pk=action.pk).update(progress=value, status=status, updated_at=timezone.now())
                ProgressUpdate.objects.create(
                    action=action, on=timezone.localdate(), progress=value, recorded_by=by,
                    note=_("Weighted mean of its parts (%(because)s).") % {"because": because} if because
                    else _("Weighted mean of its parts."))
        action_id = action.parent_id


def action_create(by, **fields) -> Action:
    """A new action; the action it is a part of recomputes its progress."""
    with transaction.atomic():
        action = Action(created_by=by, **fields)
        action.full_clean()
        action.save()
        if action.parent_id:
            refresh_progress(action.parent_id, by, because=_("new part “%(title)s”") % {"title": action.title})
        if action.owner_id and action.owner != by:
            with site_language():
                notify(action.owner, _("An action is yours to carry out: %(title)s") % {"title": action.title},
                       link=reverse("challenges:action_detail", args=[action.pk]))
    return action


def action_progress(action: Action, by, *, progress: int, on, note: str = "") -> Action:
    """One dated entry on the timeline; at 100 % the action is done."""
    with transition(action, "action_progress", by, check_can_progress, progress=progress, on=on.isoformat()) as step:
        if not 0 <= progress <= 100:
            raise WorkflowError(_("Progress is a percentage, from 0 to 100."))
        ProgressUpdate.objects.create(action=step.obj, on=on, progress=progress, note=note, recorded_by=by)
        step.set(progress=progress, status=ActionStatus.DONE if progress == 100 else ActionStatus.OPEN)
        step.save()
        if step.obj.parent_id:
            refresh_progress(step.obj.parent_id, by, because=step.obj.title)
    return step.obj


def action_drop(action: Action, by, *, reason: str) -> Action:
    """Dropped with a reason; it no longer counts in the progress of the action above it."""
    with transition(action, "action_drop", by, check_can_drop, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the action is dropped."))
        step.set(status=ActionStatus.DROPPED, drop_reason=reason)
        step.save()
        if step.obj.parent_id:
            refresh_progress(step.obj.parent_id, by, because=_("“%(title)s” dropped") % {"title": step.obj.title})
    return step.obj
