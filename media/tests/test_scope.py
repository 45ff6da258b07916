from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from media.models import MediaCoverage
from media.testing import make_coverage
from partners.choices import OrganizationKind
from partners.models import Organization


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
