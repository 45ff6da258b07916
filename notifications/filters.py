import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet

from .choices import NotificationStatus
from .models import Notification


class NotificationFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=NotificationStatus.choices, label=_("status"))
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("unread"))

    search_fields = Notification.search_fields

    class Meta:
        model = Notification
        fields = ["q", "unread", "status"]
