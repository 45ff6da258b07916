from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from events.choices import FacilityStatus
from events.models import Facility
from events.testing import make_facility
from geo.testing import make_county


class FacilityScopeTests(ScopeChecks, TestCase):
    model = Facility
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "verify", "open", "mark_unsuitable", "retire")
    collection_actions = ("list", "create")
    api_path = "/api/facilities"
    api_actions = {
        "verify": {"visited_on": "1405/08/20", "seats": 30},
        "open": {},
        "mark_unsuitable": {"reason": "نمور است"},
        "retire": {"reason": "بازسازی"},
    }
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_facility(province, status=FacilityStatus.REPORTED)

    def api_payload(self, province):
        return {"name": f"سالن فرهنگسرای {province.code}", "province": province.pk, "county": make_county(province).pk,
                "address": "میدان انقلاب", "seats": 60, "free_times": "صبح‌ها"}
