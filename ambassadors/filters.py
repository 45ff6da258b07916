import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.choices import EducationLevel, Gender
from core.filters import SafiranFilterSet, visible
from geo.models import County, Province

from .choices import AmbassadorStatus
from .models import Ambassador


class AmbassadorFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    status = django_filters.ChoiceFilter(choices=AmbassadorStatus.choices, label=_("status"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("gender"))
    education = django_filters.ChoiceFilter(choices=EducationLevel.choices, label=_("education"))

    search_fields = Ambassador.search_fields

    class Meta:
        model = Ambassador
        fields = ["q", "province", "county", "area", "status", "gender", "education"]
