from django.test import TestCase
from django.utils import timezone

from accounts.choices import Role
from core.testing import ScopeChecks
from media.models import MediaCoverage
from partners.choices import OrganizationKind
from partners.models import Organization
from partners.tests.test_scope import make_organization


def make_coverage(province, outlet=None, **fields):
    outlet = outlet or make_organization(province, kind=OrganizationKind.MEDIA_OUTLET, name=f"رادیو {province.name}")
    defaults = {"published_on": timezone.localdate(), "title": f"گزارش سفیران {province.name}", "kind": "news",
                "estimated_reach": 1000}
    return MediaCoverage.objects.create(outlet=outlet, **{**defaults, **fields})


class MediaCoverageScopeTests(ScopeChecks, TestCase):
    model = MediaCoverage
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create", "totals")
    api_path = "/api/media-coverage"
    api_extra_paths = ("/api/media-coverage/totals",)
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_coverage(province)

    def api_payload(self, province):
        outlet = Organization.objects.get(province=province, kind=OrganizationKind.MEDIA_OUTLET)
        return {"outlet": outlet.pk, "published_on": "1405/08/01", "title": "مصاحبه رادیویی", "kind": "interview"}
