import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import SafiranFilterSet, visible
from geo.models import County, Province
from partners.models import Organization

from .choices import IndicatorScope, PeriodType, SourceKind, ValueImportStatus, VerificationStatus, WebsiteKind
from .models import EntryExtension, Indicator, IndicatorValue, PeriodVerification, ValueImport, Website, stale_before


class IndicatorFilterSet(SafiranFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=visible(Area), label=_("area"))
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=_("period"))
    scope = django_filters.ChoiceFilter(choices=IndicatorScope.choices, label=_("scope"))
    active = django_filters.BooleanFilter(label=_("still collected"))

    search_fields = Indicator.search_fields

    class Meta:
        model = Indicator
        fields = ["q", "area", "period_type", "scope", "active"]


class IndicatorValueFilterSet(SafiranFilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=visible(Indicator), label=_("indicator"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    period = django_filters.CharFilter(field_name="period_key", label=_("period"),
                                       help_text=_("e.g. 1404-07, 1404-Q3 or 1404"), max_length=8)
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("source"))
    organization = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("source organisation"))
    not_available = django_filters.BooleanFilter(label=_("not available"))

    search_fields = IndicatorValue.search_fields

    class Meta:
        model = IndicatorValue
        fields = ["q", "indicator", "province", "county", "period", "source_kind", "organization", "not_available"]


class WebsiteFilterSet(SafiranFilterSet):
    kind = django_filters.ChoiceFilter(choices=WebsiteKind.choices, label=_("kind"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    stale = django_filters.BooleanFilter(method="filter_stale", label=_("not checked in 90 days"))

    search_fields = Website.search_fields

    class Meta:
        model = Website
        fields = ["q", "kind", "province", "area", "stale"]

    def filter_stale(self, queryset, name, value):
        old = Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=stale_before())
        return queryset.filter(old) if value else queryset.exclude(old)


class ValueImportFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=ValueImportStatus.choices, label=_("status"))
    search_fields = ValueImport.search_fields

    class Meta:
        model = ValueImport
        fields = ["q", "status"]


class PeriodVerificationFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    status = django_filters.ChoiceFilter(choices=VerificationStatus.choices, label=_("status"))
    search_fields = PeriodVerification.search_fields

    class Meta:
        model = PeriodVerification
        fields = ["q", "province", "status"]


class EntryExtensionFilterSet(SafiranFilterSet):
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    search_fields = EntryExtension.search_fields

    class Meta:
        model = EntryExtension
        fields = ["q", "province"]
