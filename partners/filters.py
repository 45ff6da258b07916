import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import County, Province

from .choices import ContactRole, InteractionKind, MediaKind, OrganizationKind
from .models import Contact, Interaction, Organization


class OrganizationFilterSet(SafiranFilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("type"))
    media_kind = django_filters.ChoiceFilter(choices=MediaKind.choices, label=_("media type"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    county = django_filters.ModelChoiceFilter(queryset=visible(County), label=_("county"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    added_after = JalaliDateFilter(field_name="created_at", lookup_expr="date__gte", label=_("added from"))
    added_before = JalaliDateFilter(field_name="created_at", lookup_expr="date__lte", label=_("added until"))

    search_fields = Organization.search_fields

    class Meta:
        model = Organization
        fields = ["q", "kind", "media_kind", "province", "county", "area", "added_after", "added_before"]


class ContactFilterSet(SafiranFilterSet):
    organization = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("organisation"))
    organization_kind = django_filters.ChoiceFilter(
        field_name="organization__kind", choices=OrganizationKind.choices, label=_("type of organisation")
    )
    role = django_filters.ChoiceFilter(choices=ContactRole.choices, label=_("role"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("in office today"))
    province = django_filters.ModelChoiceFilter(
        field_name="organization__province", queryset=visible(Province), label=_("province")
    )
    added_after = JalaliDateFilter(field_name="created_at", lookup_expr="date__gte", label=_("added from"))
    added_before = JalaliDateFilter(field_name="created_at", lookup_expr="date__lte", label=_("added until"))

    search_fields = Contact.search_fields

    class Meta:
        model = Contact
        fields = ["q", "organization", "organization_kind", "role", "current", "province", "added_after", "added_before"]

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        in_office = (Q(term_start__isnull=True) | Q(term_start__lte=today)) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
        return queryset.filter(in_office) if value else queryset.exclude(in_office)


class InteractionFilterSet(SafiranFilterSet):
    organization = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("organisation"))
    kind = django_filters.ChoiceFilter(choices=InteractionKind.choices, label=_("kind"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    after = JalaliDateFilter(field_name="occurred_on", lookup_expr="gte", label=_("from date"))
    before = JalaliDateFilter(field_name="occurred_on", lookup_expr="lte", label=_("to date"))
    province = django_filters.ModelChoiceFilter(
        field_name="organization__province", queryset=visible(Province), label=_("province")
    )

    search_fields = Interaction.search_fields

    class Meta:
        model = Interaction
        fields = ["q", "organization", "kind", "area", "after", "before", "province"]
