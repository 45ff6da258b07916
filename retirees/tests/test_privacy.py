from auditlog.models import LogEntry
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from audit.models import AuditEntry
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_province
from retirees.models import Child
from retirees.testing import make_child, make_retiree

CODE, MOBILE = "0013542419", "09121234567"


class PersonalDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.retiree = make_retiree(cls.tehran, code=CODE, mobile=MOBILE, consent_children=True)
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.admin = make_user(Role.NATIONAL_ADMIN)

    def test_detail_pages_mask_national_code_and_mobile_for_everyone(self):
        for user in (self.coordinator, self.admin):
            sign_in(self.client, user)
            html = self.client.get(f"/retirees/{self.retiree.pk}/").content.decode()
            self.assertNotIn(CODE, html)
            self.assertNotIn("۰۰۱۳۵۴۲۴۱۹", html)
            self.assertIn("******۲۴۱۹", html)
            self.assertIn("*******۴۵۶۷", html)

    def test_reveal_is_a_post_written_to_the_audit_log(self):
        sign_in(self.client, self.coordinator)
        confirm = self.client.get(f"/retirees/{self.retiree.pk}/reveal/")
        self.assertNotContains(confirm, "۰۰۱۳۵۴۲۴۱۹")
        self.assertFalse(LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists())
        response = self.client.post(f"/retirees/{self.retiree.pk}/reveal/")
        self.assertContains(response, "۰۰۱۳۵۴۲۴۱۹")
        self.assertContains(response, "۰۹۱۲۱۲۳۴۵۶۷")
        entry = AuditEntry.objects.get(action=LogEntry.Action.ACCESS)
        self.assertEqual((entry.actor, entry.object_pk, entry.event), (self.coordinator, str(self.retiree.pk), "retiree_reveal"))
        self.assertTrue(entry.timestamp)

    def test_api_masks_and_reveals_through_the_same_audit(self):
        headers = bearer(self.coordinator)
        data = self.client.get(f"/api/retirees/{self.retiree.pk}", headers=headers).json()
        self.assertEqual((data["national_code"], data["mobile"]), ("******2419", "*******4567"))
        revealed = self.client.post(f"/api/retirees/{self.retiree.pk}/reveal", headers=headers).json()
        self.assertEqual(revealed, {"national_code": CODE, "mobile": MOBILE})
        self.assertEqual(AuditEntry.objects.filter(additional_data__event="retiree_reveal").count(), 1)
        board = make_user(Role.BOARD_MEMBER, self.tehran)
        self.assertEqual(self.client.post(f"/api/retirees/{self.retiree.pk}/reveal", headers=bearer(board)).status_code, 403)

    def test_search_by_a_whole_national_code_uses_the_blind_index(self):
        sign_in(self.client, self.coordinator)
        response = self.client.get("/retirees/", {"q": "۰۰۱۳۵۴۲۴۱۹"})
        self.assertEqual([row.record for row in response.context["table"].rows], [self.retiree])

    def test_ambassadors_and_board_members_never_see_the_roster(self):
        for role in (Role.AMBASSADOR, Role.BOARD_MEMBER):
            user = make_user(role, self.tehran)
            sign_in(self.client, user)
            for url in ("/retirees/", f"/retirees/{self.retiree.pk}/", "/retirees/children/"):
                self.assertEqual(self.client.get(url).status_code, 403, (role, url))
            self.assertEqual(self.client.get("/api/retirees", headers=bearer(user)).status_code, 403)
            self.assertEqual(self.client.get("/retirees/demographics/").status_code, 200)

    def test_personal_export_is_for_national_admins_and_audited(self):
        sign_in(self.client, self.coordinator)
        self.assertEqual(self.client.get("/retirees/", {"export": "xlsx"}).status_code, 403)
        self.assertNotContains(self.client.get("/retirees/"), "?export=xlsx")
        sign_in(self.client, self.admin)
        response = self.client.get("/retirees/", {"export": "xlsx", "province": self.tehran.pk})
        cells = xlsx_cells(b"".join(response.streaming_content))
        self.assertEqual(cells[1][0], CODE)
        self.assertEqual(cells[1][12], MOBILE)
        entry = AuditEntry.objects.get(additional_data__event="export")
        self.assertEqual((entry.actor, entry.additional_data["rows"], entry.additional_data["filters"]["personal"]),
                         (self.admin, 1, "yes"))

    def test_children_only_with_consent(self):
        sign_in(self.client, self.coordinator)
        other = make_retiree(self.tehran)
        response = self.client.post(f"/retirees/{other.pk}/children/new/", {
            "first_name": "سارا", "last_name": "احمدی", "relation": "daughter", "birth_year": "۱۳۶۸"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("رضایت", " ".join(response.context["form"].non_field_errors()))
        response = self.client.post(f"/retirees/{self.retiree.pk}/children/new/", {
            "first_name": "سارا", "last_name": "احمدی", "relation": "daughter", "birth_year": "۱۳۶۸",
            "mobile": "۰۹۳۵۱۲۳۴۵۶۷", "field_of_study": "روان شناسي"})
        child = Child.objects.get()
        self.assertRedirects(response, child.get_absolute_url())
        self.assertEqual((child.birth_year, child.mobile, child.field_of_study), (1368, "09351234567", "روان شناسی"))
        # Withdrawing the consent is refused while children are recorded.
        response = self.client.post(f"/retirees/{self.retiree.pk}/consent/", {"consent_contact": "on"})
        self.assertEqual(response.status_code, 200)
        self.retiree.refresh_from_db()
        self.assertTrue(self.retiree.consent_children)

    def test_consent_changes_are_audited_with_how_they_were_given(self):
        sign_in(self.client, self.coordinator)
        other = make_retiree(self.tehran)
        self.client.post(f"/retirees/{other.pk}/consent/", {"consent_contact": "on", "note": "تلفنی"})
        other.refresh_from_db()
        self.assertTrue(other.consent_contact)
        entry = AuditEntry.objects.get(additional_data__event="retiree_consent")
        self.assertEqual((entry.actor, entry.additional_data["note"]), (self.coordinator, "تلفنی"))

    def test_child_mobile_is_masked_and_revealed_with_an_audit_row(self):
        child = make_child(self.retiree, mobile="09351234567")
        sign_in(self.client, self.coordinator)
        self.assertNotContains(self.client.get(f"/retirees/children/{child.pk}/"), "۰۹۳۵۱۲۳۴۵۶۷")
        self.assertContains(self.client.post(f"/retirees/children/{child.pk}/reveal/"), "۰۹۳۵۱۲۳۴۵۶۷")
        self.assertTrue(AuditEntry.objects.filter(additional_data__event="child_reveal", actor=self.coordinator).exists())
