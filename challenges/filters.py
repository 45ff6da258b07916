import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import SafiranFilterSet, visible
from geo.models import Province
from reports.models import Suggestion

from .choices import ActionStatus, ChallengeStatus, Severity
from .models import Action, Challenge, PriorityRound


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


class ActionFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("status"))
    challenge = django_filters.ModelChoiceFilter(queryset=visible(Challenge), label=_("challenge"))
    suggestion = django_filters.ModelChoiceFilter(queryset=visible(Suggestion), label=_("corrective suggestion"))
    parent = django_filters.ModelChoiceFilter(queryset=visible(Action), label=_("part of"))
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))

    search_fields = Action.search_fields

    class Meta:
        model = Action
        fields = ["q", "status", "challenge", "suggestion", "parent", "area", "province"]
