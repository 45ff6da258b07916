from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from retirees.models import Agency, Child, Retiree, RosterImport
from retirees.testing import make_child, make_retiree


class RetireeScopeTests(ScopeChecks, TestCase):
    model = Retiree
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR  # ambassadors see aggregates, never the roster
    object_actions = ("detail", "consent", "reveal")
    collection_actions = ("list",)
    api_path = "/api/retirees"

    @classmethod
    def make_object(cls, province):
        return make_retiree(province, consent_children=True)


class ChildScopeTests(ScopeChecks, TestCase):
    model = Child
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "delete", "reveal")
    collection_actions = ("list",)
    api_path = "/api/children"

    @classmethod
    def make_object(cls, province):
        return make_child(make_retiree(province, consent_children=True))

    def api_payload(self, province):
        retiree = make_retiree(province, consent_children=True)
        return {"retiree": retiree.pk, "first_name": "امید", "last_name": "کریمی", "relation": "son", "birth_year": "۱۳۶۵"}


class RosterImportScopeTests(ScopeChecks, TestCase):
    model = RosterImport
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR
    object_actions = ("detail", "cancel", "start")
    collection_actions = ("list", "create")
    api_path = "/api/roster-imports"

    @classmethod
    def make_object(cls, province):
        return RosterImport.objects.create(original_name=f"roster-{province.code}.csv", province=province,
                                           headers=["کد ملی"], mapping={"کد ملی": "national_code"})


class AgencyScopeTests(ScopeChecks, TestCase):
    model = Agency
    allowed_role = Role.COORDINATOR
    scoped = False  # a national list
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/agencies"

    @classmethod
    def make_object(cls, province):
        name = f"اداره {province.code}"
        return Agency.objects.create(name=name, key=name)
