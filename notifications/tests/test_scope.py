from django.test import TestCase

from accounts.testing import make_user, sign_in
from core.roles import Role
from core.testing import ScopeChecks
from notifications.models import Notification


class NotificationScopeTests(ScopeChecks, TestCase):
    """A notification is its recipient's alone: "other province" here is anyone else."""

    model = Notification
    allowed_role = Role.AMBASSADOR
    object_actions = ("detail",)
    collection_actions = ("list",)
    api_path = "/api/notifications"

    @classmethod
    def make_object(cls, province):
        recipient = cls.home_user if province == cls.home else cls.away_user
        return Notification.objects.create(recipient=recipient, subject=f"یادآوری {province.name}", link="/")

    def test_a_colleague_in_the_same_province_cannot_read_it(self):
        colleague = make_user(Role.PROVINCIAL_MANAGER, self.home)
        sign_in(self.client, colleague)
        self.assertEqual(self.client.get(self.obj.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get("/notifications/"), self.obj.subject)

    def test_national_admins_do_not_read_other_peoples_notifications(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        self.assertEqual(self.client.get(self.obj.get_absolute_url()).status_code, 404)
