import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import SafiranFilterSet, visible

from .choices import CandidateKind, CandidateStatus, KeywordTarget
from .models import Candidate, TalentKeyword


class CandidateFilterSet(SafiranFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=CandidateKind.choices, label=_("candidate type"))

    search_fields = Candidate.search_fields

    class Meta:
        model = Candidate
        fields = ["q", "area", "status", "kind"]


class TalentKeywordFilterSet(SafiranFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    target = django_filters.ChoiceFilter(choices=KeywordTarget.choices, label=_("look in"))
    search_fields = TalentKeyword.search_fields

    class Meta:
        model = TalentKeyword
        fields = ["q", "area", "target"]
