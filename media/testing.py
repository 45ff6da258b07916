"""Factories for tests of media coverage."""
from django.utils import timezone

from partners.choices import OrganizationKind
from partners.testing import make_organization

from .models import MediaCoverage


def make_coverage(province, outlet=None, **fields):
    outlet = outlet or make_organization(province, kind=OrganizationKind.MEDIA_OUTLET, name=f"رادیو {province.name}")
    defaults = {"published_on": timezone.localdate(), "title": f"گزارش سفیران {province.name}", "kind": "news",
                "estimated_reach": 1000}
    return MediaCoverage.objects.create(outlet=outlet, **{**defaults, **fields})
