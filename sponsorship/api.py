from datetime import date

from ninja import Field, Query, Schema

from core import jalali
from core.api import READ_ERRORS, apply_filters, crud_router, filter_schema, require_perm
from core.money import unit_for
from core.totals import TotalsGroupOut

from . import workflows
from .filters import PledgeFilterSet, ReceiptFilterSet
from .forms import PledgeForm
from .models import Pledge, Receipt
from .views import pledge_totals


class PledgeOut(Schema):
    id: int
    sponsor: int = Field(alias="sponsor_id")
    kind: str = Field(description="cash, in_kind, venue, airtime or endorsement")
    value_rials: int
    received_rials: int
    purpose: str
    areas: list[int]
    pledged_on: date
    pledged_on_jalali: str
    meeting: int | None = Field(alias="meeting_id")
    status: str = Field(description="pledged, partly_received, received, closed or cancelled")
    closing_note: str
    cancel_reason: str

    @staticmethod
    def resolve_pledged_on_jalali(obj):
        return jalali.format_date(obj.pledged_on, persian_digits=False)

    @staticmethod
    def resolve_areas(obj):
        return [area.pk for area in obj.areas.all()]


class PledgeIn(Schema):
    sponsor: int = Field(description="Any organisation; usually a business.")
    kind: str = Field(description="cash, in_kind, venue, airtime or endorsement")
    value_rials: int = Field(ge=0, description="In rials.")
    purpose: str
    areas: list[int] = []
    pledged_on: str = Field(description="Jalali or ISO date; not in the future.")
    meeting: int | None = Field(None, description="A held meeting it came from.")


class ReceiptOut(Schema):
    id: int
    pledge: int = Field(alias="pledge_id")
    received_on: date
    received_on_jalali: str
    value_rials: int
    description: str

    @staticmethod
    def resolve_received_on_jalali(obj):
        return jalali.format_date(obj.received_on, persian_digits=False)


pledges = crud_router(
    model=Pledge, out_schema=PledgeOut, in_schema=PledgeIn, form_class=PledgeForm, filterset_class=PledgeFilterSet,
    tags=["pledges"], queryset=lambda request: Pledge.objects.prefetch_related("areas"),
    workflow=workflows.PLEDGE,
)

PledgeParams = filter_schema(PledgeFilterSet)


@pledges.get("/totals", response={200: list[TotalsGroupOut], **READ_ERRORS}, operation_id="pledge_totals")
def totals(request, filters: Query[PledgeParams]):  # type: ignore[valid-type]
    """Pledged and received value by province, area and sponsor (money shown in your unit)."""
    require_perm(request, Pledge, "view")
    queryset = apply_filters(request, Pledge.objects.visible_to(request.user), PledgeFilterSet, filters)
    return pledge_totals(queryset, unit_for(request.user))


receipts = crud_router(model=Receipt, out_schema=ReceiptOut, filterset_class=ReceiptFilterSet, tags=["pledges"])

ROUTERS = [("/pledges", pledges), ("/receipts", receipts)]
