import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import EducationLevel, Gender
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import County, Province

from .choices import ChildRelation, ImportStatus, RosterEducation
from .models import Agency, Child, Retiree, RosterImport


class RetireeFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("gender"))
    education = django_filters.ChoiceFilter(choices=RosterEducation.choices, label=_("education"))
    agency = django_filters.ModelChoiceFilter(queryset=visible(Agency), label=_("former agency"))
    consent_contact = django_filters.BooleanFilter(label=_("consents to be contacted"))

    search_fields = Retiree.search_fields

    class Meta:
        model = Retiree
        fields = ["q", "province", "county", "gender", "education", "agency", "consent_contact"]


class ChildFilterSet(SafiranFilterSet):
    relation = django_filters.ChoiceFilter(choices=ChildRelation.choices, label=_("relation"))
    education = django_filters.ChoiceFilter(choices=EducationLevel.choices, label=_("education"))

    search_fields = Child.search_fields

    class Meta:
        model = Child
        fields = ["q", "relation", "education"]


class RosterImportFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("status"))
    finished_after = JalaliDateFilter(field_name="finished_at", lookup_expr="date__gte", label=_("finished from"))
    finished_before = JalaliDateFilter(field_name="finished_at", lookup_expr="date__lte", label=_("finished until"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    search_fields = ("original_name",)

    class Meta:
        model = RosterImport
        fields = ["q", "status", "finished_after", "finished_before", "province"]


class AgencyFilterSet(SafiranFilterSet):
    search_fields = Agency.search_fields

    class Meta:
        model = Agency
        fields = ["q", "is_active"]
