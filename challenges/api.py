from datetime import datetime

from ninja import Field, Schema

from core.api import crud_router

from . import selectors, workflows
from .filters import ChallengeFilterSet, PriorityRoundFilterSet
from .forms import ChallengeForm
from .models import Challenge, PriorityRound


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

ROUTERS = [("/challenges", router), ("/priority-rounds", rounds)]
