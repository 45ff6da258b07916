from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from areas.models import Area
from core.roles import Role
from core.testing import ScopeChecks


class AreaScopeTests(ScopeChecks, TestCase):
    model = Area
    allowed_role = Role.AMBASSADOR
    scoped = False  # national reference data
    object_actions = ("detail",)
    api_path = "/api/areas"

    @classmethod
    def make_object(cls, province):
        return Area.objects.create(name=f"حوزه آزمایشی {province.code}", slug=f"test-{province.code}")


class AreaEditingTests(TestCase):
    def test_only_national_admins_edit_areas(self):
        area = Area.objects.create(name="ورزش", slug="sport")
        coordinator = make_user(Role.COORDINATOR)
        sign_in(self.client, coordinator)
        self.assertEqual(self.client.get(f"/areas/{area.pk}/edit/").status_code, 403)
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post(f"/areas/{area.pk}/edit/", {"name": "ورزش همگانی", "slug": "sport", "order": 9, "is_active": "on"})
        self.assertEqual(response.status_code, 302)
        area.refresh_from_db()
        self.assertEqual(area.name, "ورزش همگانی")

    def test_admin_creates_area_through_api(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        response = self.client.post(
            "/api/areas", {"name": "گردشگری", "slug": "tourism"}, content_type="application/json", headers=bearer(admin)
        )
        self.assertEqual(response.status_code, 201, response.content)
        duplicate = self.client.post(
            "/api/areas", {"name": "گردشگری", "slug": "tourism-2"}, content_type="application/json", headers=bearer(admin)
        )
        self.assertEqual(duplicate.status_code, 422)
