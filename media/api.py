from datetime import date

from ninja import Field, Query, Schema

from core import jalali
from core.api import (
    READ_ERRORS,
    apply_filters,
    crud_router,
    filter_schema,
    require_perm,
)
from core.totals import TotalsGroup, TotalsGroupOut

from .filters import MediaCoverageFilterSet
from .forms import MediaCoverageForm
from .models import MediaCoverage
from .views import coverage_totals


class MediaCoverageOut(Schema):
    id: int
    outlet: int = Field(alias="outlet_id")
    published_on: date
    published_on_jalali: str
    title: str
    link: str
    kind: str = Field(description="news, interview, post or programme")
    areas: list[int]
    estimated_reach: int | None
    meeting: int | None = Field(alias="meeting_id")
    related_event: str
    notes: str

    @staticmethod
    def resolve_published_on_jalali(obj):
        return jalali.format_date(obj.published_on, persian_digits=False)

    @staticmethod
    def resolve_areas(obj):
        return [area.pk for area in obj.areas.all()]


class MediaCoverageIn(Schema):
    outlet: int = Field(description="An organisation of type media_outlet.")
    published_on: str = Field(description="Jalali or ISO date; not in the future.")
    title: str
    kind: str = Field(description="news, interview, post or programme")
    link: str = ""
    areas: list[int] = []
    estimated_reach: int | None = None
    meeting: int | None = None
    related_event: str = ""
    notes: str = ""


router = crud_router(
    model=MediaCoverage, out_schema=MediaCoverageOut, in_schema=MediaCoverageIn, form_class=MediaCoverageForm,
    filterset_class=MediaCoverageFilterSet, tags=["media coverage"],
    queryset=lambda request: MediaCoverage.objects.prefetch_related("areas"),
)

CoverageParams = filter_schema(MediaCoverageFilterSet)


@router.get("/totals", response={200: list[TotalsGroupOut], **READ_ERRORS}, operation_id="mediacoverage_totals")
def totals(request, filters: Query[CoverageParams]):  # type: ignore[valid-type]
    """Items and estimated reach by outlet, area and Jalali month, for the same filters as the list."""
    require_perm(request, MediaCoverage, "view")
    queryset = apply_filters(request, MediaCoverage.objects.visible_to(request.user), MediaCoverageFilterSet, filters)
    groups: list[TotalsGroup] = coverage_totals(queryset)
    return groups


ROUTERS = [("/media-coverage", router)]
