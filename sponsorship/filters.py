import django_filters
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import JalaliDateFilter, SafiranFilterSet, visible
from geo.models import Province
from partners.models import Organization

from .choices import PledgeKind, PledgeStatus
from .models import Pledge, Receipt


class PledgeFilterSet(SafiranFilterSet):
    sponsor = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("sponsor"))
    kind = django_filters.ChoiceFilter(choices=PledgeKind.choices, label=_("kind of support"))
    status = django_filters.ChoiceFilter(choices=PledgeStatus.choices, label=_("status"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    after = JalaliDateFilter(field_name="pledged_on", lookup_expr="gte", label=_("from date"))
    before = JalaliDateFilter(field_name="pledged_on", lookup_expr="lte", label=_("to date"))
    province = django_filters.ModelChoiceFilter(field_name="sponsor__province", queryset=visible(Province), label=_("province"))

    search_fields = Pledge.search_fields

    class Meta:
        model = Pledge
        fields = ["q", "sponsor", "kind", "status", "area", "after", "before", "province"]


class ReceiptFilterSet(SafiranFilterSet):
    sponsor = django_filters.ModelChoiceFilter(field_name="pledge__sponsor", queryset=visible(Organization), label=_("sponsor"))
    after = JalaliDateFilter(field_name="received_on", lookup_expr="gte", label=_("from date"))
    before = JalaliDateFilter(field_name="received_on", lookup_expr="lte", label=_("to date"))
    province = django_filters.ModelChoiceFilter(
        field_name="pledge__sponsor__province", queryset=visible(Province), label=_("province")
    )

    search_fields = Receipt.search_fields

    class Meta:
        model = Receipt
        fields = ["q", "sponsor", "after", "before", "province"]
