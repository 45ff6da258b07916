from datetime import date

from ninja import Field, Schema

from core import jalali
from core.api import crud_router

from . import workflows
from .filters import FacilityFilterSet
from .forms import FacilityForm
from .models import Facility


class FacilityOut(Schema):
    id: int
    name: str
    province: int = Field(alias="province_id")
    county: int = Field(alias="county_id")
    owner: int | None = Field(alias="owner_id")
    address: str
    seats: int
    step_free: bool
    accessibility: str
    free_times: str
    contact_name: str
    contact_phone: str
    status: str = Field(description="reported, verified, available, unsuitable or retired")
    visited_on: date | None
    visited_on_jalali: str
    visit_notes: str
    status_reason: str

    @staticmethod
    def resolve_visited_on_jalali(obj):
        return jalali.format_date(obj.visited_on, persian_digits=False)


class FacilityIn(Schema):
    name: str
    province: int
    county: int
    owner: int | None = None
    address: str
    seats: int
    step_free: bool = False
    accessibility: str = ""
    free_times: str
    contact_name: str = ""
    contact_phone: str = ""
    allow_duplicate: bool = Field(False, description="Register it although the county has a space with the same name.")


facilities = crud_router(
    model=Facility, out_schema=FacilityOut, in_schema=FacilityIn, form_class=FacilityForm,
    filterset_class=FacilityFilterSet, tags=["spaces"], workflow=workflows.FACILITY,
)

ROUTERS = [("/facilities", facilities)]
