from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from areas.models import Area
from core import jalali
from core.api import (
    WRITE_ERRORS,
    FormValidationError,
    crud_router,
    get_visible,
    require_perm,
)
from retirees.models import Child, Retiree

from . import services, workflows
from .filters import CandidateFilterSet, TalentKeywordFilterSet
from .forms import StepForm, TalentKeywordForm, TalentSearchForm
from .models import Candidate, TalentKeyword
from .talent import talent_search


class StepOut(Schema):
    status: str
    happened_on: date
    happened_on_jalali: str
    notes: str
    responsible: int | None = Field(alias="responsible_id")

    @staticmethod
    def resolve_happened_on_jalali(obj):
        return jalali.format_date(obj.happened_on, persian_digits=False)


class CandidateOut(Schema):
    id: int
    name: str
    kind: str
    retiree: int | None = Field(alias="retiree_id")
    child: int | None = Field(alias="child_id")
    area: int = Field(alias="area_id")
    province: int = Field(alias="province_id")
    status: str
    assigned_to: int | None = Field(alias="assigned_to_id")
    reason: str
    score: int
    ambassador: int | None = Field(alias="ambassador_id")
    steps: list[StepOut]
    updated_at: datetime

    @staticmethod
    def resolve_name(obj):
        return str(obj)

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


candidates = crud_router(
    model=Candidate, out_schema=CandidateOut, filterset_class=CandidateFilterSet, tags=["recruitment"],
    queryset=lambda request: Candidate.objects.select_related("retiree", "child").prefetch_related("steps"),
    workflow=workflows.CANDIDATE,
)


class IdentifyIn(Schema):
    area: int
    retiree: int | None = Field(None, description="A retiree's id, or")
    child: int | None = Field(None, description="a son's or daughter's id.")
    assigned_to: int | None = None
    reason: str = ""


@candidates.post("", response={201: CandidateOut, **WRITE_ERRORS}, operation_id="candidate_identify")
def identify(request, payload: IdentifyIn):
    """Put a retiree or a child in an area's pipeline (they must have consented to be contacted)."""
    require_perm(request, Candidate, "add")
    area = get_visible(request, Area, payload.area)
    if bool(payload.retiree) == bool(payload.child):
        from ninja.errors import HttpError

        raise HttpError(422, "Give either retiree or child.")
    person = get_visible(request, Retiree, payload.retiree) if payload.retiree else get_visible(request, Child, payload.child)
    responsible = None
    if payload.assigned_to:
        form = StepForm({"on": date.today().isoformat(), "responsible": payload.assigned_to}, user=request.user)
        if not form.is_valid():
            raise FormValidationError(form)
        responsible = form.cleaned_data.get("responsible")
    candidate = services.candidate_identify(person, area, request.user, responsible=responsible, reason=payload.reason)
    return Status(201, candidate)


class KeywordOut(Schema):
    id: int
    area: int = Field(alias="area_id")
    keyword: str
    target: str
    weight: int


class KeywordIn(Schema):
    area: int
    keyword: str
    target: str = "any"
    weight: int = 1


keywords = crud_router(model=TalentKeyword, out_schema=KeywordOut, in_schema=KeywordIn, form_class=TalentKeywordForm,
                       filterset_class=TalentKeywordFilterSet, tags=["recruitment"])


class TalentParams(Schema):
    area: int
    province: int | None = Field(None, description="National admins: the province to search.")


class MatchOut(Schema):
    kind: str
    id: int
    name: str
    score: int
    reasons: list[str]


talent = Router(tags=["recruitment"])


@talent.get("", response={200: list[MatchOut], **WRITE_ERRORS}, operation_id="talent_search")
def search(request, params: Query[TalentParams]):
    """Ranked matches for an area's keywords, with reasons; no one in the pipeline or without consent."""
    require_perm(request, Candidate, "add")
    form = TalentSearchForm({key: value for key, value in params.dict().items() if value is not None}, user=request.user)
    if not form.is_valid():
        raise FormValidationError(form)
    matches = talent_search(request.user, form.cleaned_data["area"], form.cleaned_data.get("province"))
    return [{"kind": m.kind, "id": m.person.pk, "name": str(m.person), "score": m.score, "reasons": m.reasons}
            for m in matches]


ROUTERS = [("/candidates", candidates), ("/talent-keywords", keywords), ("/talent-search", talent)]
