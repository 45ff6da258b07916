from django.test import TestCase

from ambassadors.models import Ambassador
from ambassadors.testing import make_ambassador
from core.roles import Role
from core.testing import ScopeChecks, national_code


class AmbassadorScopeTests(ScopeChecks, TestCase):
    model = Ambassador
    allowed_role = Role.COORDINATOR
    forbidden_role = None  # every role may see the ambassadors of its province
    object_actions = ("detail", "update", "deactivate", "activate")
    collection_actions = ("list", "create")
    api_path = "/api/ambassadors"
    api_actions = {"deactivate": {"reason": "بیماری"}, "activate": {}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_ambassador(province)

    def api_payload(self, province):
        return {
            "first_name": "رضا",
            "last_name": "کریمی",
            "national_code": national_code(),
            "gender": "male",
            "province": province.pk,
            "birth_date": "1340/05/12",
        }


class AmbassadorBoardMemberTests(TestCase):
    """Board members read but do not change (403 on forms and API writes)."""

    def test_board_member_cannot_edit(self):
        from accounts.testing import bearer, make_user, sign_in
        from geo.testing import make_province

        province = make_province()
        ambassador = make_ambassador(province)
        board = make_user(Role.BOARD_MEMBER, province)
        sign_in(self.client, board)
        self.assertEqual(self.client.get(f"/ambassadors/{ambassador.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/ambassadors/{ambassador.pk}/edit/").status_code, 403)
        self.assertEqual(self.client.get("/ambassadors/new/").status_code, 403)
        response = self.client.patch(
            f"/api/ambassadors/{ambassador.pk}", {"notes": "x"}, content_type="application/json", headers=bearer(board)
        )
        self.assertEqual(response.status_code, 403)
