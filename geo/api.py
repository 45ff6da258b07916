from ninja import Field, Schema

from core.api import crud_router

from .filters import CountyFilterSet, ProvinceFilterSet
from .forms import CountyForm, ProvinceForm
from .models import County, Province


class ProvinceOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    center: str


class ProvinceIn(Schema):
    name: str
    name_en: str = ""
    code: str
    center: str = ""


class CountyIn(Schema):
    province: int
    name: str
    code: str | None = None


class CountyOut(Schema):
    id: int
    code: str | None
    name: str
    province: int = Field(alias="province_id")


ROUTERS = [
    (
        "/provinces",
        crud_router(
            model=Province, out_schema=ProvinceOut, in_schema=ProvinceIn, form_class=ProvinceForm,
            filterset_class=ProvinceFilterSet, tags=["reference"],
        ),
    ),
    (
        "/counties",
        crud_router(
            model=County, out_schema=CountyOut, in_schema=CountyIn, form_class=CountyForm,
            filterset_class=CountyFilterSet, tags=["reference"], page_size=100,
        ),
    ),
]
