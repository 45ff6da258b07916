from datetime import datetime

from ninja import Schema

from core.api import crud_router

from .filters import NotificationFilterSet
from .models import Notification


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    status: str
    created_at: datetime
    sent_at: datetime | None


router = crud_router(
    model=Notification, out_schema=NotificationOut, filterset_class=NotificationFilterSet, tags=["notifications"]
)

ROUTERS = [("/notifications", router)]
