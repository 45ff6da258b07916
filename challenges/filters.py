import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import SafiranFilterSet, visible
from geo.models import Province

from .choices import ChallengeStatus, Severity
from .models import Challenge, PriorityRound


class ChallengeFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, label=_("status"))
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("severity"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = Challenge.search_fields

    class Meta:
        model = Challenge
        fields = ["q", "status", "area", "severity", "province"]


class PriorityRoundFilterSet(SafiranFilterSet):
    jalali_year = django_filters.NumberFilter(label=_("year"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = PriorityRound.search_fields

    class Meta:
        model = PriorityRound
        fields = ["q", "jalali_year", "province"]
