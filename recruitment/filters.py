import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import Province

from .choices import CandidateKind, CandidateStatus, KeywordTarget
from .models import Candidate, CandidateStep, TalentKeyword


class CandidateFilterSet(SafiranFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=CandidateKind.choices, label=_("candidate type"))
    # The monthly report's links: candidates moved to a step within dates (one step row
    # matching all three, so they are applied together in filter_queryset).
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    moved_to = django_filters.ChoiceFilter(choices=CandidateStatus.choices, method="keep", label=_("moved to"))
    moved_after = JalaliDateFilter(method="keep", label=_("moved from"))
    moved_before = JalaliDateFilter(method="keep", label=_("moved until"))

    search_fields = Candidate.search_fields

    class Meta:
        model = Candidate
        fields = ["q", "area", "status", "kind", "province", "moved_to", "moved_after", "moved_before"]

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        step = {}
        if data.get("moved_to"):
            step["status"] = data["moved_to"]
        if data.get("moved_after"):
            step["happened_on__gte"] = data["moved_after"]
        if data.get("moved_before"):
            step["happened_on__lte"] = data["moved_before"]
        if step:
            queryset = queryset.filter(pk__in=CandidateStep.objects.filter(**step).values("candidate_id"))
        return queryset


class TalentKeywordFilterSet(SafiranFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    target = django_filters.ChoiceFilter(choices=KeywordTarget.choices, label=_("look in"))
    search_fields = TalentKeyword.search_fields

    class Meta:
        model = TalentKeyword
        fields = ["q", "area", "target"]
