from datetime import date, datetime

from ninja import Field, Schema

from core import jalali
from core.api import crud_router

from . import workflows
from .filters import FollowUpFilterSet, MeetingFilterSet
from .forms import FollowUpForm, MeetingRequestForm
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


router = crud_router(
    model=Meeting, out_schema=MeetingOut, in_schema=MeetingRequestIn, form_class=MeetingRequestForm,
    filterset_class=MeetingFilterSet, tags=["meetings"], workflow=workflows.MEETING,
    queryset=lambda request: Meeting.objects.prefetch_related("areas", "our_attendees", "their_attendees"),
)


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


followups = crud_router(
    model=FollowUp, out_schema=FollowUpOut, in_schema=FollowUpIn, form_class=FollowUpForm,
    filterset_class=FollowUpFilterSet, tags=["follow-ups"], workflow=workflows.FOLLOWUP,
)


ROUTERS = [("/meetings", router), ("/followups", followups)]
