from datetime import date, datetime

from ninja import Field, Schema

from core.api import crud_router

from . import selectors, workflows
from .filters import ActionFilterSet, ChallengeFilterSet, PriorityRoundFilterSet
from .forms import ActionForm, ChallengeForm
from .models import Action, Challenge, PriorityRound


class ChallengeOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    area: int = Field(alias="area_id")
    title: str
    description: str
    evidence: list[str] = Field(description="Links, one per line on the page")
    people_affected: int
    severity: int = Field(description="1 low … 4 critical")
    impact: int
    urgency: int
    feasibility: int
    status: str = Field(description="reported, open, merged or rejected")
    merged_into: int | None = Field(alias="merged_into_id")
    triage_note: str
    triaged_at: datetime | None

    @staticmethod
    def resolve_evidence(obj):
        return obj.evidence.splitlines()


class ChallengeIn(Schema):
    province: int
    area: int
    title: str
    description: str
    evidence: str = Field("", description="Links, one per line")
    people_affected: int = 0
    severity: int = Field(2, description="1 low … 4 critical")
    impact: int = Field(3, description="1 … 5")
    urgency: int = Field(3, description="1 … 5")
    feasibility: int = Field(3, description="1 … 5")
    not_a_copy: bool = Field(False, description="File it although similar challenges exist (422 lists them otherwise)")


router = crud_router(
    model=Challenge, out_schema=ChallengeOut, in_schema=ChallengeIn, form_class=ChallengeForm,
    filterset_class=ChallengeFilterSet, tags=["challenges"], workflow=workflows.CHALLENGE,
)


class RankingRowOut(Schema):
    rank: int
    id: int
    title: str
    supports: int
    score: int


class PriorityRoundOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    jalali_year: int
    quarter: int
    supports_per_person: int
    closes_at: datetime
    closed_at: datetime | None
    ranking: list[RankingRowOut] = Field(description="Frozen once the round is closed; live before")

    @staticmethod
    def resolve_ranking(obj):
        return selectors.ranking(obj)


rounds = crud_router(
    model=PriorityRound, out_schema=PriorityRoundOut, filterset_class=PriorityRoundFilterSet,
    tags=["priority rounds"], workflow=workflows.ROUND,
)



class ProgressUpdateOut(Schema):
    on: date
    progress: int
    note: str


class ActionOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    area: int | None = Field(alias="area_id")
    title: str
    description: str
    challenge: int | None = Field(alias="challenge_id")
    suggestion: int | None = Field(alias="suggestion_id", description="The corrective suggestion it carries out")
    parent: int | None = Field(alias="parent_id", description="The action it is a part of")
    weight: int = Field(description="How much it counts in its parent's progress")
    owner: int = Field(alias="owner_id")
    due_date: date
    progress: int = Field(description="0–100; a parent's is the weighted mean of its parts'")
    status: str = Field(description="open, done or dropped")
    drop_reason: str
    timeline: list[ProgressUpdateOut] = Field(description="Dated progress entries, newest first")

    @staticmethod
    def resolve_timeline(obj):
        return list(obj.updates.all())


class ActionIn(Schema):
    province: int | None = Field(None, description="Taken from the challenge, suggestion or parent when left out")
    area: int | None = None
    title: str
    description: str = ""
    challenge: int | None = None
    suggestion: int | None = None
    parent: int | None = None
    weight: int = 1
    owner: int
    due_date: date


actions = crud_router(
    model=Action, out_schema=ActionOut, in_schema=ActionIn, form_class=ActionForm, filterset_class=ActionFilterSet,
    tags=["actions"], workflow=workflows.ACTION,
)

ROUTERS = [("/challenges", router), ("/priority-rounds", rounds), ("/actions", actions)]
