from ninja import Schema

from core.api import crud_router

from .filters import AreaFilterSet
from .forms import AreaForm
from .models import Area


class AreaOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    order: int
    is_active: bool


class AreaIn(Schema):
    name: str
    slug: str
    description: str = ""
    order: int = 0
    is_active: bool = True


ROUTERS = [
    (
        "/areas",
        crud_router(
            model=Area, out_schema=AreaOut, in_schema=AreaIn, form_class=AreaForm, filterset_class=AreaFilterSet, tags=["reference"]
        ),
    )
]
