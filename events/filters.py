import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet, visible
from geo.models import County, Province
from partners.models import Organization

from .choices import FacilityStatus
from .models import Facility


class FacilityFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=FacilityStatus.choices, label=_("status"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    owner = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("owner organisation"))
    step_free = django_filters.BooleanFilter(label=_("step-free access"))
    min_seats = django_filters.NumberFilter(field_name="seats", lookup_expr="gte", label=_("at least this many seats"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = Facility.search_fields

    class Meta:
        model = Facility
        fields = ["q", "status", "county", "owner", "step_free", "min_seats", "province"]
