from datetime import date

from ninja import Field, Schema

from core import jalali
from core.api import crud_router
from core.privacy import shown

from . import workflows
from .filters import AmbassadorFilterSet
from .forms import AmbassadorForm
from .models import Ambassador

PERSONAL = "ambassadors.view_personal_ambassador"


class AmbassadorOut(Schema):
    id: int
    first_name: str
    last_name: str
    national_code: str = Field(description="Masked unless your role may see personal data.")
    mobile: str = Field(description="Masked unless your role may see personal data.")
    gender: str
    birth_date: date | None
    birth_date_jalali: str
    province: int = Field(alias="province_id")
    county: int | None = Field(alias="county_id")
    areas: list[int]
    education: str
    expertise: str
    status: str
    joined_on: date | None
    joined_on_jalali: str
    user: int | None = Field(alias="user_id")
    notes: str

    @staticmethod
    def resolve_national_code(obj, context):
        return shown(context["request"].user, obj.national_code, PERSONAL)

    @staticmethod
    def resolve_mobile(obj, context):
        return shown(context["request"].user, obj.mobile, PERSONAL)

    @staticmethod
    def resolve_birth_date_jalali(obj):
        return jalali.format_date(obj.birth_date, persian_digits=False)

    @staticmethod
    def resolve_joined_on_jalali(obj):
        return jalali.format_date(obj.joined_on, persian_digits=False)

    @staticmethod
    def resolve_areas(obj):
        return [area.pk for area in obj.areas.all()]


class AmbassadorIn(Schema):
    first_name: str
    last_name: str
    national_code: str = Field(description="Ten digits; Persian or ASCII digits accepted.")
    mobile: str = ""
    gender: str = Field(description="female or male")
    birth_date: str | None = Field(None, description="Jalali (1340/05/12) or ISO (1961-08-03).")
    province: int
    county: int | None = None
    areas: list[int] = []
    education: str = ""
    expertise: str = ""
    status: str = Field("candidate", description="candidate or active (on create only).")
    joined_on: str | None = Field(None, description="Jalali or ISO date.")
    user: int | None = None
    notes: str = ""


router = crud_router(
    model=Ambassador,
    out_schema=AmbassadorOut,
    in_schema=AmbassadorIn,
    form_class=AmbassadorForm,
    filterset_class=AmbassadorFilterSet,
    tags=["ambassadors"],
    queryset=lambda request: Ambassador.objects.select_related("province", "county").prefetch_related("areas"),
    workflow=workflows.AMBASSADOR,
)


ROUTERS = [("/ambassadors", router)]
