import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import Province
from partners.choices import OrganizationKind
from partners.models import Organization

from .choices import CoverageKind
from .models import MediaCoverage


def media_outlets(request):
    return visible(Organization)(request).filter(kind=OrganizationKind.MEDIA_OUTLET)


class MediaCoverageFilterSet(SafiranFilterSet):
    outlet = django_filters.ModelChoiceFilter(queryset=media_outlets, label=_("media outlet"))
    kind = django_filters.ChoiceFilter(choices=CoverageKind.choices, label=_("kind"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    after = JalaliDateFilter(field_name="published_on", lookup_expr="gte", label=_("from date"))
    before = JalaliDateFilter(field_name="published_on", lookup_expr="lte", label=_("to date"))
    province = django_filters.ModelChoiceFilter(field_name="outlet__province", queryset=visible(Province), label=_("province"))
    # Set by the link on an organisation's page: coverage of our meetings with it.
    meeting_organization = django_filters.NumberFilter(
        field_name="meeting__organization", widget=forms.HiddenInput, label=_("organisation met")
    )

    search_fields = MediaCoverage.search_fields

    class Meta:
        model = MediaCoverage
        fields = ["q", "outlet", "kind", "area", "after", "before", "province", "meeting_organization"]
