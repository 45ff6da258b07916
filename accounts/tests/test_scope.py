from django.test import TestCase

from accounts.models import User
from accounts.testing import make_user
from core.roles import Role
from core.testing import ScopeChecks


class UserScopeTests(ScopeChecks, TestCase):
    model = User
    allowed_role = Role.PROVINCIAL_MANAGER
    forbidden_role = Role.AMBASSADOR
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    exportable = False

    @classmethod
    def make_object(cls, province):
        return make_user(Role.COORDINATOR, province, first_name="سارا", last_name=f"رحیمی{province.code}")
