import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet, visible

from .models import County, Province


class ProvinceFilterSet(SafiranFilterSet):
    search_fields = ("name", "name_en", "center", "code")

    class Meta:
        model = Province
        fields = ["q"]


class CountyFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    search_fields = ("name", "code")

    class Meta:
        model = County
        fields = ["q", "province"]
