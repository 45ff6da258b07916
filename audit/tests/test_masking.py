"""Issue 13 (3): the audit log's change records keep personal fields masked, on the pages and in
the export, for new entries and for those written before masking began."""
from django.apps import apps
from django.test import TestCase

from accounts.testing import make_user, sign_in
from audit.models import AuditEntry
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_province
from partners.models import Contact, Organization

MOBILE = "09121234567"


class AuditMaskingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        cls.organization = Organization.objects.create(name="اداره", kind="government_agency", province=cls.province)

    def test_new_entries_store_contacts_personal_fields_masked(self):
        contact = Contact.objects.create(organization=self.organization, first_name="a", last_name="b", mobile=MOBILE,
                                         email="boss@example.org")
        entry = AuditEntry.objects.get_for_object(contact).get()
        self.assertEqual(entry.changes_dict["mobile"][1], "*******4567")
        self.assertNotIn("boss@example.org", str(entry.changes))

    def test_pages_and_export_mask_older_clear_entries(self):
        from auditlog.models import LogEntry

        contact = Contact.objects.create(organization=self.organization, first_name="a", last_name="b")
        LogEntry.objects.filter(object_pk=str(contact.pk)).delete()
        old = LogEntry.objects.log_create(contact, force_log=True, action=LogEntry.Action.UPDATE,
                                          changes={"mobile": ["", MOBILE]})
        sign_in(self.client, self.admin)
        for url in ("/audit/", f"/audit/{old.pk}/", "/audit/?export=xlsx"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            content = str(xlsx_cells(response.content)) if "export" in url else response.content.decode()
            self.assertNotIn(MOBILE, content, url)
            self.assertNotIn("۰۹۱۲۱۲۳۴۵۶۷", content, url)

    def test_migration_masks_entries_already_stored(self):
        import importlib

        from auditlog.models import LogEntry

        contact = Contact.objects.create(organization=self.organization, first_name="a", last_name="b")
        old = LogEntry.objects.log_create(contact, force_log=True, action=LogEntry.Action.UPDATE,
                                          changes={"mobile": ["", MOBILE], "first_name": ["x", "a"]})
        export = LogEntry.objects.create(content_type=old.content_type, object_pk="", object_repr="x",
                                         action=LogEntry.Action.ACCESS, changes={},
                                         additional_data={"event": "export", "filters": {"q": "0013542419"}})
        migration = importlib.import_module("audit.migrations.0002_mask_personal_changes")
        migration.mask_existing(apps, None)
        old.refresh_from_db()
        export.refresh_from_db()
        self.assertEqual(old.changes["mobile"], ["", "*******4567"])
        self.assertEqual(old.changes["first_name"], ["x", "a"])
        self.assertEqual(export.additional_data["filters"]["q"], "******2419")

    def test_exports_record_searched_codes_masked(self):
        coordinator = make_user(Role.COORDINATOR, self.province)
        sign_in(self.client, coordinator)
        self.client.get("/ambassadors/", {"q": "0013542419", "export": "xlsx"})
        entry = AuditEntry.objects.filter(additional_data__event="export").latest("timestamp")
        self.assertEqual(entry.additional_data["filters"]["q"], "******2419")


class AuditDigitsTests(TestCase):
    """The audit pages are for people: values in Persian digits in Persian (the IP address read
    left to right); the export keeps the values as recorded."""

    def test_pages_in_persian_digits_export_as_recorded(self):
        from auditlog.models import LogEntry

        admin = make_user(Role.NATIONAL_ADMIN)
        organization = Organization.objects.create(name="اداره 12", kind="government_agency", province=make_province("23"))
        entry = LogEntry.objects.log_create(organization, force_log=True, action=LogEntry.Action.UPDATE,
                                            changes={"address": ["پلاک 7", "پلاک 19"]}, remote_addr="10.0.0.5")
        sign_in(self.client, admin)
        listing = self.client.get("/audit/").content.decode()
        self.assertIn("پلاک ۷ ← پلاک ۱۹", listing)
        self.assertIn("اداره ۱۲", listing)
        detail = self.client.get(f"/audit/{entry.pk}/").content.decode()
        self.assertIn("<td>پلاک ۱۹</td>", detail)
        self.assertIn("اداره ۱۲", detail)
        self.assertNotIn("اداره 12", detail)
        self.assertIn('<span dir="ltr">۱۰.۰.۰.۵</span>', detail)
        export = str(xlsx_cells(self.client.get("/audit/?export=xlsx").content))
        self.assertIn("پلاک 19", export)
        self.assertNotIn("پلاک ۱۹", export)
