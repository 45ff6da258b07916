from django.test import TestCase

from accounts.testing import make_user
from areas.testing import make_area
from core.roles import Role
from core.testing import ScopeChecks
from publishing.choices import MemberRole, RevisionStatus
from publishing.models import Membership, Post, Revision, WorkingGroup
from publishing.testing import make_group, make_member, make_post, make_revision


class WorkingGroupScopeTests(ScopeChecks, TestCase):
    model = WorkingGroup
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/working-groups"

    @classmethod
    def make_object(cls, province):
        return make_group(province)

    def api_payload(self, province):
        return {"province": province.pk, "name": "کارگروه اطلاع‌رسانی", "description": ""}

    def test_api_create_in_own_province(self):
        # One group per province: the province's group is made again through the API.
        WorkingGroup.objects.filter(province=self.home).delete()
        super().test_api_create_in_own_province()


class MembershipScopeTests(ScopeChecks, TestCase):
    model = Membership
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "delete")
    collection_actions = ("list", "create")
    api_path = "/api/working-group-members"

    @classmethod
    def make_object(cls, province):
        return make_member(province, role=MemberRole.WRITER, user_role=Role.AMBASSADOR)

    def api_payload(self, province):
        return {"group": make_group(province).pk, "user": make_user(Role.AMBASSADOR, province).pk, "role": "editor"}


class PostScopeTests(ScopeChecks, TestCase):
    model = Post
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "submit")
    collection_actions = ("list", "create")
    api_path = "/api/posts"
    api_actions = {"submit": {}}

    @classmethod
    def make_object(cls, province):
        return make_post(province)

    def api_payload(self, province):
        return {"province": province.pk, "areas": [make_area().pk], "title": "کارگاه تغذیه برگزار شد",
                "summary": "خلاصه", "body": "<p>متن خبر</p>", "kind": "news"}


class PostReviewScopeTests(ScopeChecks, TestCase):
    """The editors' steps stay in the province too (404 elsewhere)."""

    model = Post
    allowed_role = Role.PROVINCIAL_MANAGER
    forbidden_role = None
    object_actions = ("detail", "approve", "request_changes")
    api_path = "/api/posts"
    api_actions = {"approve": {"note": ""}, "request_changes": {"reason": "کوتاه‌تر"}}

    @classmethod
    def make_object(cls, province):
        return make_post(province, status="in_review")


class RevisionScopeTests(ScopeChecks, TestCase):
    model = Revision
    allowed_role = Role.COORDINATOR
    object_actions = ("detail", "approve", "reject")
    api_path = "/api/revisions"
    api_actions = {"approve": {"note": ""}, "reject": {"reason": "لازم نیست"}}

    @classmethod
    def make_object(cls, province):
        return make_revision(province, status=RevisionStatus.PENDING)
