from datetime import date, datetime

from ninja import Field, Schema, Status

from core import jalali
from core.api import (
    WRITE_ERRORS,
    crud_router,
    form_from_payload,
    get_visible,
    partial_schema,
    require_perm,
    save_with_form,
)
from core.forms import ReasonForm

from . import services
from .filters import FollowUpFilterSet, MeetingFilterSet
from .forms import (
    FollowUpCompleteForm,
    FollowUpForm,
    MeetingApproveForm,
    MeetingDeclineForm,
    MeetingHoldForm,
    MeetingRequestForm,
)
from .models import FollowUp, Meeting


def _ids(related) -> list[int]:
    return [item.pk for item in related.all()]


class MeetingOut(Schema):
    id: int
    organization: int = Field(alias="organization_id")
    purpose: str
    proposed_date: date
    proposed_date_jalali: str
    our_attendees: list[int] = Field(description="Ambassador ids.")
    areas: list[int]
    status: str = Field(description="requested, approved, declined, held or cancelled")
    requested_by: int | None = Field(alias="created_by_id")
    decided_by: int | None = Field(alias="decided_by_id")
    decided_at: datetime | None
    decision_comment: str
    manager_accompanies: bool
    held_on: date | None
    held_on_jalali: str
    their_attendees: list[int] = Field(description="Contact ids.")
    other_attendees: str
    minutes: str
    outcome: str = Field(description="cooperation_agreed, support_pledged, follow_up_needed or no_result (once held)")
    commitments: str
    cancel_reason: str

    @staticmethod
    def resolve_proposed_date_jalali(obj):
        return jalali.format_date(obj.proposed_date, persian_digits=False)

    @staticmethod
    def resolve_held_on_jalali(obj):
        return jalali.format_date(obj.held_on, persian_digits=False)

    @staticmethod
    def resolve_our_attendees(obj):
        return _ids(obj.our_attendees)

    @staticmethod
    def resolve_their_attendees(obj):
        return _ids(obj.their_attendees)

    @staticmethod
    def resolve_areas(obj):
        return _ids(obj.areas)


class MeetingRequestIn(Schema):
    organization: int
    purpose: str
    proposed_date: str = Field(description="Jalali (1405/09/10) or ISO date; today or later.")
    our_attendees: list[int] = Field([], description="Ids of active ambassadors who will go.")
    areas: list[int] = []


MeetingPatch = partial_schema(MeetingRequestIn)


class ApproveIn(Schema):
    accompany: bool = Field(False, description="The provincial manager will accompany the meeting.")
    comment: str = ""


class DeclineIn(Schema):
    comment: str = Field(description="Why it is declined (required).")


class HoldIn(Schema):
    held_on: str = Field(description="Jalali or ISO date; not in the future.")
    minutes: str
    outcome: str = Field(description="cooperation_agreed, support_pledged, follow_up_needed or no_result")
    commitments: str = ""
    our_attendees: list[int] = Field([], description="Ambassador ids.")
    their_attendees: list[int] = Field([], description="Ids of the organisation's contacts.")
    other_attendees: str = ""
    followup_description: str = Field("", description="Optional first follow-up: what to do …")
    followup_owner: int | None = Field(None, description="… who does it (a user id) …")
    followup_due_date: str | None = Field(None, description="… and by when (Jalali or ISO).")


class ReasonIn(Schema):
    reason: str = Field(description="Why (required; kept in the audit log).")


router = crud_router(
    model=Meeting, out_schema=MeetingOut, filterset_class=MeetingFilterSet, tags=["meetings"],
    queryset=lambda request: Meeting.objects.prefetch_related("areas", "our_attendees", "their_attendees"),
)


def _meeting(request, pk, action):
    require_perm(request, Meeting, action)
    return get_visible(request, Meeting, pk)


@router.post("", response={201: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_request")
def request_meeting(request, payload: MeetingRequestIn):
    """Request a meeting; it waits for the provincial manager's approval."""
    require_perm(request, Meeting, "add")
    form = form_from_payload(request, MeetingRequestForm, payload)
    return Status(201, services.meeting_request(request.user, **form.cleaned_data))


@router.patch("/{int:pk}", response={200: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_update")
def update_meeting(request, pk: int, payload: MeetingPatch):  # type: ignore[valid-type]
    """Change a request while it awaits approval (409 afterwards)."""
    meeting = _meeting(request, pk, "change")
    services.check_can_change(meeting)
    return save_with_form(request, MeetingRequestForm, payload, instance=meeting)


@router.post("/{int:pk}/approve", response={200: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_approve")
def approve(request, pk: int, payload: ApproveIn):
    """Provincial managers approve a request, saying whether they will accompany it."""
    meeting = _meeting(request, pk, "approve")
    form = form_from_payload(request, MeetingApproveForm, payload)
    return services.meeting_approve(meeting, request.user, **form.cleaned_data)


@router.post("/{int:pk}/decline", response={200: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_decline")
def decline(request, pk: int, payload: DeclineIn):
    meeting = _meeting(request, pk, "approve")
    form = form_from_payload(request, MeetingDeclineForm, payload)
    return services.meeting_decline(meeting, request.user, comment=form.cleaned_data["comment"])


@router.post("/{int:pk}/hold", response={200: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_hold")
def hold(request, pk: int, payload: HoldIn):
    """Record an approved meeting as held (409 if it is not approved)."""
    meeting = _meeting(request, pk, "hold")
    services.check_can_hold(meeting)
    form = form_from_payload(request, MeetingHoldForm, payload, instance=meeting)
    data = form.cleaned_data
    return services.meeting_hold(
        meeting, request.user, held_on=data["held_on"], outcome=data["outcome"], minutes=data["minutes"],
        commitments=data["commitments"], our_attendees=data["our_attendees"], their_attendees=data["their_attendees"],
        other_attendees=data["other_attendees"], followups=form.followups(),
    )


@router.post("/{int:pk}/cancel", response={200: MeetingOut, **WRITE_ERRORS}, operation_id="meeting_cancel")
def cancel(request, pk: int, payload: ReasonIn):
    meeting = _meeting(request, pk, "cancel")
    form = form_from_payload(request, ReasonForm, payload)
    return services.meeting_cancel(meeting, request.user, reason=form.cleaned_data["reason"])


class FollowUpOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    description: str
    owner: int = Field(alias="owner_id")
    due_date: date
    due_date_jalali: str
    status: str = Field(description="open or done")
    overdue: bool
    completed_on: date | None
    completed_by: int | None = Field(alias="completed_by_id")
    completion_note: str

    @staticmethod
    def resolve_due_date_jalali(obj):
        return jalali.format_date(obj.due_date, persian_digits=False)

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue


class FollowUpIn(Schema):
    meeting: int = Field(description="A meeting that was held.")
    description: str
    owner: int = Field(description="The user who does it.")
    due_date: str = Field(description="Jalali or ISO date.")


class CompleteIn(Schema):
    note: str = ""


followups = crud_router(
    model=FollowUp, out_schema=FollowUpOut, in_schema=FollowUpIn, form_class=FollowUpForm,
    filterset_class=FollowUpFilterSet, tags=["follow-ups"],
)


@followups.post("/{int:pk}/complete", response={200: FollowUpOut, **WRITE_ERRORS}, operation_id="followup_complete")
def complete(request, pk: int, payload: CompleteIn):
    require_perm(request, FollowUp, "complete")
    followup = get_visible(request, FollowUp, pk)
    form = form_from_payload(request, FollowUpCompleteForm, payload)
    return services.followup_complete(followup, request.user, note=form.cleaned_data["note"])


@followups.post("/{int:pk}/reopen", response={200: FollowUpOut, **WRITE_ERRORS}, operation_id="followup_reopen")
def reopen(request, pk: int, payload: ReasonIn):
    require_perm(request, FollowUp, "complete")
    followup = get_visible(request, FollowUp, pk)
    form = form_from_payload(request, ReasonForm, payload)
    return services.followup_reopen(followup, request.user, reason=form.cleaned_data["reason"])


ROUTERS = [("/meetings", router), ("/followups", followups)]
