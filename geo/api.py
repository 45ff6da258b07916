from ninja import Field, Schema

from core.api import crud_router

from .filters import CountyFilterSet, ProvinceFilterSet
from .models import County, Province


class ProvinceOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    center: str


class CountyOut(Schema):
    id: int
    code: str | None
    name: str
    province: int = Field(alias="province_id")


ROUTERS = [
    ("/provinces", crud_router(model=Province, out_schema=ProvinceOut, filterset_class=ProvinceFilterSet, tags=["reference"])),
    ("/counties", crud_router(model=County, out_schema=CountyOut, filterset_class=CountyFilterSet, tags=["reference"], page_size=100)),
]
