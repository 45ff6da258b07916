from auditlog.models import LogEntry
from django.test import TestCase

from accounts.testing import make_user, sign_in
from audit.models import AuditEntry
from core.roles import Role
from core.testing import ScopeChecks, xlsx_cells


class AuditScopeTests(ScopeChecks, TestCase):
    """The audit log is national: provincial roles get 403, national admins see it all."""

    model = AuditEntry
    allowed_role = Role.NATIONAL_ADMIN
    forbidden_role = Role.PROVINCIAL_MANAGER
    scoped = False

    @classmethod
    def make_object(cls, province):
        entry = LogEntry.objects.log_create(province, force_log=True, action=LogEntry.Action.UPDATE, changes={"name": ["a", "b"]})
        return AuditEntry.objects.get(pk=entry.pk)


class AuditTrailTests(TestCase):
    def test_create_update_and_transition_are_recorded_with_actor(self):
        from ambassadors.services import ambassador_deactivate
        from ambassadors.testing import make_ambassador
        from geo.testing import make_province

        province = make_province()
        coordinator = make_user(Role.COORDINATOR, province)
        sign_in(self.client, coordinator)
        payload = {
            "first_name": "علی", "last_name": "رضایی", "national_code": "0013542419", "gender": "male",
            "province": province.pk, "status": "active",
        }
        response = self.client.post("/ambassadors/new/", payload)
        self.assertEqual(response.status_code, 302)
        from ambassadors.models import Ambassador

        ambassador = Ambassador.objects.with_national_code("0013542419").get()
        created = AuditEntry.objects.get_for_object(ambassador).filter(action=LogEntry.Action.CREATE).get()
        self.assertEqual(created.actor, coordinator)
        self.client.post(f"/ambassadors/{ambassador.pk}/edit/", {**payload, "last_name": "رضایی‌فر"})
        updated = AuditEntry.objects.get_for_object(ambassador).filter(action=LogEntry.Action.UPDATE).first()
        self.assertEqual(updated.changes_dict["last_name"], ["رضایی", "رضایی‌فر"])
        ambassador_deactivate(ambassador, coordinator, reason="moved away")
        event = AuditEntry.objects.filter(additional_data__event="ambassador_deactivate").get()
        self.assertEqual(event.actor, coordinator)
        self.assertEqual(event.additional_data["reason"], "moved away")
        self.assertEqual(event.changes_dict["status"], ["active", "inactive"])
        other = make_ambassador(province)
        self.assertTrue(AuditEntry.objects.get_for_object(other).exists())

    def test_admin_filters_the_log(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        make_user(Role.COORDINATOR, first_name="یکتا")
        response = self.client.get("/audit/", {"action": LogEntry.Action.CREATE, "q": "یکتا"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "یکتا")
        response = self.client.get("/audit/", {"action": LogEntry.Action.DELETE, "q": "یکتا"})
        self.assertNotContains(response, "<td>یکتا")


class AuditReadingTests(TestCase):
    """The log reads in the reader's language: auditlog's own labels and raw values are English."""

    def test_changes_are_shown_as_the_records_pages_show_them(self):
        from areas.models import Area
        from geo.testing import make_province

        province = make_province("09")
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        user = make_user(Role.COORDINATOR, province, username="new.coord")
        area = Area.objects.create(name="حوزهٔ آزمایشی", slug="trial-area")
        user.areas.add(area)
        user.role = Role.AMBASSADOR
        user.save()

        created = AuditEntry.objects.get_for_object(user).get(action=LogEntry.Action.CREATE)
        fields = {label: (before, after) for label, before, after in created.field_changes()}
        self.assertEqual(fields["نقش"], ("", "هماهنگ‌کننده"))
        self.assertEqual(fields["استان"], ("", "خراسان رضوی"))
        self.assertEqual(fields["فعال"], ("", "بله"))
        self.assertNotIn("followups", fields)  # reverse relations, which auditlog lists empty on creation
        self.assertNotIn("ID", fields)
        self.assertEqual(str(created), "ایجاد کاربر «new.coord»")
        changed = AuditEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE)
        summaries = [entry.changes_summary() for entry in changed]
        self.assertIn("حوزه‌ها: افزوده شد: حوزهٔ آزمایشی", summaries)
        self.assertIn("نقش: هماهنگ‌کننده ← سفیر", summaries)

        page = self.client.get("/audit/", {"content_type": created.content_type_id}).content.decode()
        self.assertIn("ایجاد", page)
        self.assertIn("چه کسی", page)  # not auditlog's "Actor"
        self.assertNotIn("Actor", page)
        self.assertNotIn("None", page)
        exported = xlsx_cells(self.client.get("/audit/", {"content_type": created.content_type_id, "export": "xlsx"}).content)
        self.assertIn("چه کسی", exported[0])
        self.assertIn("نقش: هماهنگ‌کننده ← سفیر", [row[-1] for row in exported])
        detail = self.client.get(f"/audit/{created.pk}/").content.decode()
        self.assertIn("هماهنگ‌کننده", detail)
        self.assertNotIn("accounts.ApiToken.None", detail)
