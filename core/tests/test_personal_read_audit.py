"""Personal values given out in clear are audited, on pages and in the API alike (issue 13):
one row per request and model, listing the records; a reader who sees them masked leaves none."""
from auditlog.models import LogEntry
from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from ambassadors.testing import make_ambassador
from core.roles import Role
from geo.testing import make_province
from partners.testing import make_contact, make_organization


def reads(event):
    return list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event=event)
                .order_by("pk"))


class PersonalReadAudit(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)  # sees personal data in clear
        cls.ambassador_user = make_user(Role.AMBASSADOR, cls.province)  # sees it masked
        cls.first = make_ambassador(cls.province, mobile="09121234567")
        cls.second = make_ambassador(cls.province, mobile="09351234567")

    def test_api_list_writes_one_row_listing_every_record_given_in_clear(self):
        response = self.client.get("/api/ambassadors", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200)
        codes = {item["national_code"] for item in response.json()["items"]}
        self.assertEqual(codes, {self.first.national_code, self.second.national_code})
        [row] = reads("ambassador_personal_read")
        self.assertEqual(row.actor, self.coordinator)
        self.assertEqual(sorted(row.additional_data["records"]), sorted([self.first.pk, self.second.pk]))
        self.assertEqual(row.additional_data["fields"], ["mobile", "national_code"])
        self.assertTrue(row.additional_data["api"])
        self.assertNotIn(self.first.national_code, str(row.additional_data))  # the row names records, not values

    def test_api_detail_is_audited_on_the_record(self):
        response = self.client.get(f"/api/ambassadors/{self.first.pk}", headers=bearer(self.coordinator))
        self.assertEqual(response.json()["mobile"], "09121234567")
        [row] = reads("ambassador_personal_read")
        self.assertEqual((row.object_pk, row.additional_data["records"]), (str(self.first.pk), [self.first.pk]))

    def test_the_detail_page_is_audited_too(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get(f"/ambassadors/{self.first.pk}/")
        self.assertEqual(page.status_code, 200)
        [row] = reads("ambassador_personal_read")
        self.assertEqual((row.additional_data["records"], row.additional_data["api"]), ([self.first.pk], False))

    def test_the_list_page_lists_the_rows_it_showed(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get("/ambassadors/")
        self.assertContains(page, "۰۹۳۵۱۲۳۴۵۶۷")  # in clear, in Persian digits
        [row] = reads("ambassador_personal_read")
        self.assertEqual(sorted(row.additional_data["records"]), sorted([self.first.pk, self.second.pk]))

    def test_masked_reads_and_refusals_write_nothing(self):
        response = self.client.get("/api/ambassadors", headers=bearer(self.ambassador_user))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(all(item["national_code"].startswith("*") for item in response.json()["items"]))
        other = make_ambassador(make_province("10"))
        self.assertEqual(self.client.get(f"/api/ambassadors/{other.pk}", headers=bearer(self.coordinator)).status_code,
                         404)
        sign_in(self.client, self.ambassador_user)
        self.assertNotContains(self.client.get("/ambassadors/"), "۰۹۳۵۱۲۳۴۵۶۷")
        self.assertEqual(reads("ambassador_personal_read"), [])

    def test_contacts_are_audited_by_the_same_rule(self):
        contact = make_contact(make_organization(self.province), mobile="09121112233")
        response = self.client.get(f"/api/contacts/{contact.pk}", headers=bearer(self.coordinator))
        self.assertEqual(response.json()["mobile"], "09121112233")
        [row] = reads("contact_personal_read")
        self.assertEqual(row.additional_data["fields"], ["email", "mobile", "phone"])
