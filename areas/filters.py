import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet

from .models import Area


class AreaFilterSet(SafiranFilterSet):
    is_active = django_filters.BooleanFilter(label=_("active"))
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Area
        fields = ["q", "is_active"]
