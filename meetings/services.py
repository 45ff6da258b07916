"""Meeting workflow (D5): request → approved or declined by the provincial manager →
held (or cancelled); follow-ups done or reopened. Only these functions change `status`;
each is atomic, checks the current state and writes one audit row."""
from auditlog.context import disable_auditlog
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import display
from core.roles import Role
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language

from .choices import FollowUpStatus, MeetingStatus
from .models import FollowUp, Meeting

# --- guards: the state checks, also used by pages to explain a refusal before any form ---

def check_can_decide(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.REQUESTED:
        raise Inapplicable(
            _(
                "This request was already decided (it is now “%(status)s”). "
                "Only a request awaiting approval can be approved or declined."
            )
            % {"status": meeting.get_status_display()}
        )


def check_can_hold(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.REQUESTED:
        raise WorkflowError(
            _(
                "This meeting has not been approved yet. "
                "Only a meeting the provincial manager has approved can be recorded as held."
            )
        )
    if meeting.status == MeetingStatus.HELD:
        raise Inapplicable(_("This meeting is already recorded as held. Add follow-ups from its page."))
    if meeting.status != MeetingStatus.APPROVED:
        raise Inapplicable(
            _(
                "This meeting is “%(status)s”, so it cannot be recorded as held. "
                "Request a new meeting if it should still take place."
            )
            % {"status": meeting.get_status_display()}
        )


def check_can_change(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.REQUESTED:
        raise Inapplicable(
            _("Only a request awaiting approval can be edited. Cancel this meeting and request a new one instead.")
        )


def check_can_cancel(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.REQUESTED, MeetingStatus.APPROVED):
        raise Inapplicable(
            _("This meeting is “%(status)s”, so it cannot be cancelled.") % {"status": meeting.get_status_display()}
        )


def check_can_complete(followup: FollowUp) -> None:
    if followup.status != FollowUpStatus.OPEN:
        raise Inapplicable(_("This follow-up is already done."))


def check_can_reopen(followup: FollowUp) -> None:
    if followup.status != FollowUpStatus.DONE:
        raise Inapplicable(_("This follow-up is still open."))


def _link(obj) -> str:
    return obj.get_absolute_url()


# --- meetings ---------------------------------------------------------------------------

@transaction.atomic
def meeting_request(by, *, organization, purpose, proposed_date, our_attendees=(), areas=()) -> Meeting:
    """A new request, awaiting the provincial manager; the province's managers are told."""
    meeting = Meeting(organization=organization, purpose=purpose, proposed_date=proposed_date, created_by=by)
    meeting.full_clean()
    meeting.save()
    meeting.our_attendees.set(our_attendees)
    meeting.areas.set(areas)
    managers = User.objects.filter(role=Role.PROVINCIAL_MANAGER, province_id=organization.province_id, is_active=True)
    for manager in managers:
        with site_language():
            notify(
                manager,
                _("New meeting request: %(organization)s") % {"organization": organization},
                _("%(person)s asks to meet %(organization)s. Please approve or decline it.")
                % {"person": by, "organization": organization},
                link=_link(meeting),
            )
    return meeting


def meeting_approve(meeting: Meeting, by, *, comment: str = "", accompany: bool = False) -> Meeting:
    with transition(meeting, "meeting_approve", by, check_can_decide, comment=comment, accompany=accompany) as step:
        step.set(status=MeetingStatus.APPROVED, decided_by=by, decided_at=timezone.now(), decision_comment=comment,
                 manager_accompanies=accompany)
        meeting = step.obj
        with site_language():
            message = _("The provincial manager will accompany you.") if accompany else _("The provincial manager will not attend.")
            notify(meeting.created_by, _("Meeting approved: %(organization)s") % {"organization": meeting.organization},
                   f"{message}\n{comment}".strip(), link=_link(meeting))
    return meeting


def meeting_decline(meeting: Meeting, by, *, comment: str) -> Meeting:
    with transition(meeting, "meeting_decline", by, check_can_decide, comment=comment) as step:
        if not comment.strip():
            raise WorkflowError(_("Say why the request is declined, so the requester knows what to do next."))
        step.set(status=MeetingStatus.DECLINED, decided_by=by, decided_at=timezone.now(), decision_comment=comment)
        meeting = step.obj
        with site_language():
            notify(meeting.created_by, _("Meeting request declined: %(organization)s") % {"organization": meeting.organization},
                   comment, link=_link(meeting))
    return meeting


def meeting_hold(
    meeting: Meeting, by, *, held_on, outcome, minutes: str = "", commitments: str = "", our_attendees=None,
    their_attendees=(), other_attendees: str = "", followups=(),
) -> Meeting:
    """Record an approved meeting as held; `followups` are (description, owner, due_date) triples."""
    with transition(meeting, "meeting_hold", by, check_can_hold) as step:
        meeting = step.obj
        with disable_auditlog():
            # Attendees are written into the transition's single audit row instead.
            if our_attendees is not None:
                meeting.our_attendees.set(our_attendees)
            meeting.their_attendees.set(their_attendees)
        step.set(status=MeetingStatus.HELD, held_on=held_on, outcome=outcome, minutes=minutes, commitments=commitments,
                 other_attendees=other_attendees)
        step.note(our_attendees=[str(person) for person in meeting.our_attendees.all()],
                  their_attendees=[str(person) for person in meeting.their_attendees.all()])
        step.save()  # follow-ups belong to a held meeting
        for description, owner, due_date in followups:
            followup = FollowUp(meeting=meeting, description=description, owner=owner, due_date=due_date, created_by=by)
            followup.full_clean()
            followup.save()
    return meeting


def meeting_cancel(meeting: Meeting, by, *, reason: str) -> Meeting:
    with transition(meeting, "meeting_cancel", by, check_can_cancel, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the meeting is cancelled."))
        step.set(status=MeetingStatus.CANCELLED, cancel_reason=reason)
    return step.obj


# --- follow-ups -------------------------------------------------------------------------

def followup_complete(followup: FollowUp, by, *, note: str = "", completed_on=None) -> FollowUp:
    with transition(followup, "followup_complete", by, check_can_complete) as step:
        step.set(status=FollowUpStatus.DONE, completed_on=completed_on or timezone.localdate(), completed_by=by,
                 completion_note=note)
    return step.obj


def followup_reopen(followup: FollowUp, by, *, reason: str = "") -> FollowUp:
    """Undo a follow-up marked done by mistake (or not really finished)."""
    with transition(followup, "followup_reopen", by, check_can_reopen, reason=reason) as step:
        step.set(status=FollowUpStatus.OPEN, completed_on=None, completed_by=None, completion_note="")
    return step.obj


def followup_send_reminders(today=None) -> int:
    """One reminder per overdue follow-up per day, to its owner, through the outbox.

    Idempotent: the notification key holds the follow-up and the day, so running it again
    the same day sends nothing new. Operations run it daily (manage.py send_followup_reminders).
    """
    today = today or timezone.localdate()
    sent = 0
    overdue = FollowUp.objects.overdue(today).select_related("owner", "meeting__organization")
    for followup in overdue.iterator():
        late = (today - followup.due_date).days
        with site_language():
            notification = notify(
                followup.owner,
                _("Overdue follow-up: %(task)s") % {"task": followup.description},
                _("This follow-up of the meeting with %(organization)s is %(days)s days late. Do it, or mark it done if it is.")
                % {"organization": followup.meeting.organization, "days": display.number(late)},
                link=reverse("meetings:followup_detail", args=[followup.pk]),
                key=f"followup-overdue:{followup.pk}:{today.isoformat()}",
            )
        sent += notification is not None
    return sent
