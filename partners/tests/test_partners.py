import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from areas.models import Area
from core.roles import Role
from core.testing import xlsx_cells
from geo.testing import make_county, make_province
from media.testing import make_coverage
from meetings.testing import make_meeting
from partners.choices import OrganizationKind
from partners.models import Contact, Interaction, Organization
from partners.testing import make_contact, make_interaction, make_organization
from sponsorship.testing import make_pledge

ZWNJ = "\u200c"


class DuplicateOrganizationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.existing = make_organization(
            cls.tehran, name="کانون بازنشستگان آموزش" + ZWNJ + "وپرورش", kind=OrganizationKind.RETIREES_ASSOCIATION
        )
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def form_data(self, **overrides):
        # Arabic kaf, a double space and no half-space: the same name as far as people are concerned.
        name = "كانون  بازنشستگان آموزش و پرورش"
        return {"name": name, "kind": "retirees_association", "province": self.tehran.pk, **overrides}

    def test_same_name_with_arabic_letters_and_spacing_warns_and_links_to_the_existing_one(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/partners/organizations/new/", self.form_data())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Organization.objects.count(), 1)
        self.assertContains(response, f'href="/partners/organizations/{self.existing.pk}/"')
        self.assertIn("name", response.context["form"].errors)
        self.assertContains(response, 'name="allow_duplicate"')
        self.assertContains(response, 'type="checkbox"')
        # The box the message points to ("tick the box below") comes right after the name.
        self.assertEqual(list(response.context["form"].fields)[:2], ["name", "allow_duplicate"])

    def test_ticking_different_organisation_registers_it(self):
        sign_in(self.client, self.coordinator)
        response = self.client.post("/partners/organizations/new/", self.form_data(allow_duplicate="on"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Organization.objects.filter(province=self.tehran).count(), 2)

    def test_same_name_in_another_province_is_not_a_duplicate(self):
        admin = make_user(Role.NATIONAL_ADMIN)
        sign_in(self.client, admin)
        response = self.client.post("/partners/organizations/new/", self.form_data(province=self.isfahan.pk))
        self.assertEqual(response.status_code, 302)

    def test_api_refuses_a_duplicate_with_422_naming_the_existing_one(self):
        headers = bearer(self.coordinator)
        payload = {"name": "کانون بازنشستگان آموزش و پرورش", "kind": "retirees_association", "province": self.tehran.pk}
        response = self.client.post("/api/organizations", payload, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 422)
        detail = response.json()["detail"][0]
        self.assertEqual(detail["loc"][-1], "name")
        self.assertIn(self.existing.name, detail["msg"])
        response = self.client.post(
            "/api/organizations", {**payload, "allow_duplicate": True}, content_type="application/json", headers=headers
        )
        self.assertEqual(response.status_code, 201)

    def test_renaming_onto_another_organisations_name_warns_too(self):
        other = make_organization(self.tehran, name="انجمن سالمندان")
        sign_in(self.client, self.coordinator)
        response = self.client.post(f"/partners/organizations/{other.pk}/edit/", self.form_data(kind="ngo"))
        self.assertEqual(response.status_code, 200)
        other.refresh_from_db()
        self.assertEqual(other.name, "انجمن سالمندان")


class OrganizationRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.province)

    def test_media_type_only_for_media_outlets_in_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Organization.objects.create(name="رادیو", kind=OrganizationKind.MEDIA_OUTLET, province=self.province)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Organization.objects.create(name="شرکت", kind=OrganizationKind.BUSINESS, media_kind="tv", province=self.province)

    def test_form_shows_the_media_type_rule_next_to_the_field_and_normalises_the_phone(self):
        sign_in(self.client, self.coordinator)
        data = {"name": "رادیو تهران", "kind": "media_outlet", "province": self.province.pk, "phone": "۰۲۱-۸۸۷۷ ۶۶۵۵"}
        response = self.client.post("/partners/organizations/new/", data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertContains(response, 'value="۰۲۱-۸۸۷۷ ۶۶۵۵"')  # typed input is kept
        response = self.client.post("/partners/organizations/new/", {**data, "media_kind": "radio"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Organization.objects.get().phone, "02188776655")

    def test_county_must_be_in_the_province(self):
        sign_in(self.client, self.coordinator)
        other_county = make_county(make_province("10"))
        response = self.client.post(
            "/partners/organizations/new/", {"name": "x", "kind": "ngo", "province": self.province.pk, "county": other_county.pk}
        )
        self.assertIn("county", response.context["form"].errors)

    def test_search_ignores_arabic_letters_and_half_spaces(self):
        target = make_organization(self.province, name="کانون بازنشستگان کشوری")
        make_organization(self.province, name="شرکت آب")
        sign_in(self.client, self.coordinator)
        response = self.client.get("/partners/organizations/", {"q": "كانون بازنشستگان"})
        self.assertEqual([row.record for row in response.context["table"].rows], [target])
        response = self.client.get("/api/organizations", {"q": "بازنشستگانکشوری"}, headers=bearer(self.coordinator))
        self.assertEqual([item["id"] for item in response.json()["items"]], [target.pk])


class ContactPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.contact = make_contact(make_organization(cls.province), mobile="09121234567", email="boss@example.org")

    def test_ambassadors_and_board_members_see_contact_details_masked(self):
        for role in (Role.AMBASSADOR, Role.BOARD_MEMBER):
            viewer = make_user(role, self.province)
            sign_in(self.client, viewer)
            page = self.client.get(f"/partners/contacts/{self.contact.pk}/").content.decode()
            self.assertNotIn("09121234567", page)
            self.assertNotIn("boss@example.org", page)
            self.assertIn("*******۴۵۶۷", page)
            listing = self.client.get("/partners/contacts/").content.decode()
            self.assertNotIn("۰۹۱۲۱۲۳۴۵۶۷", listing)
            data = self.client.get(f"/api/contacts/{self.contact.pk}", headers=bearer(viewer)).json()
            self.assertEqual(data["mobile"], "*******4567")
            self.assertNotEqual(data["email"], "boss@example.org")

    def test_coordinators_and_managers_of_the_province_see_them(self):
        for role in (Role.COORDINATOR, Role.PROVINCIAL_MANAGER):
            viewer = make_user(role, self.province)
            sign_in(self.client, viewer)
            self.assertContains(self.client.get(f"/partners/contacts/{self.contact.pk}/"), "boss@example.org")
            data = self.client.get(f"/api/contacts/{self.contact.pk}", headers=bearer(viewer)).json()
            self.assertEqual(data["mobile"], "09121234567")

    def test_term_cannot_end_before_it_starts(self):
        coordinator = make_user(Role.COORDINATOR, self.province)
        sign_in(self.client, coordinator)
        response = self.client.post(
            "/partners/contacts/new/",
            {"organization": self.contact.organization_id, "first_name": "علی", "last_name": "نوری", "role": "board_member",
             "term_start": "1404/01/01", "term_end": "1403/01/01"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Contact.objects.count(), 1)
        self.assertTrue(response.context["form"].errors)

    def test_contacts_in_office_today_filter(self):
        today = timezone.localdate()
        past = make_contact(self.contact.organization, first_name="پیشین", term_start=today - datetime.timedelta(days=900),
                            term_end=today - datetime.timedelta(days=100))
        sign_in(self.client, make_user(Role.COORDINATOR, self.province))
        current = [row.record for row in self.client.get("/partners/contacts/", {"current": "true"}).context["table"].rows]
        former = [row.record for row in self.client.get("/partners/contacts/", {"current": "false"}).context["table"].rows]
        self.assertEqual((current, former), ([self.contact], [past]))


class InteractionTests(TestCase):
    def test_only_the_organisations_people_can_be_ticked_and_future_dates_are_refused(self):
        province = make_province("23")
        organization, other = make_organization(province), make_organization(province, name="دیگری")
        ours, theirs = make_contact(organization), make_contact(other)
        ambassador = make_user(Role.AMBASSADOR, province)
        sign_in(self.client, ambassador)
        page = self.client.get("/partners/interactions/new/", {"organization": organization.pk})
        self.assertContains(page, f'name="contacts" value="{ours.pk}"')
        self.assertNotContains(page, f'name="contacts" value="{theirs.pk}"')
        data = {"organization": organization.pk, "kind": "call", "subject": "هماهنگی", "contacts": [theirs.pk],
                "occurred_on": "1405/09/01"}
        response = self.client.post("/partners/interactions/new/", data)
        self.assertIn("contacts", response.context["form"].errors)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.client.post(
            "/partners/interactions/new/", {**data, "contacts": [ours.pk], "occurred_on": tomorrow.isoformat()}
        )
        self.assertIn("occurred_on", response.context["form"].errors)
        response = self.client.post("/partners/interactions/new/", {**data, "contacts": [ours.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Interaction.objects.get().contacts.all()), [ours])


class OrganizationHistoryTests(TestCase):
    def test_the_page_shows_meetings_coverage_and_pledges_the_user_may_see(self):
        province = make_province("23")
        agency = make_organization(province, name="اداره کل بهزیستی")
        outlet = make_organization(province, kind=OrganizationKind.MEDIA_OUTLET, name="رادیو البرز")
        meeting = make_meeting(province, organization=agency, purpose="معرفی طرح به بهزیستی")
        coverage = make_coverage(province, outlet=outlet, title="گزارش نشست با بهزیستی", meeting=meeting)
        pledge = make_pledge(province, sponsor=agency, purpose="تأمین اقلام کارگاه")
        make_contact(agency, first_name="زینب")
        viewer = make_user(Role.BOARD_MEMBER, province)
        sign_in(self.client, viewer)
        page = self.client.get(agency.get_absolute_url()).content.decode()
        for obj in (meeting, coverage, pledge):
            self.assertIn(obj.get_absolute_url(), page)
        self.assertIn("زینب", page)
        self.assertNotIn("/partners/contacts/new/", page)  # board members only read
        self.assertIn(coverage.get_absolute_url(), self.client.get(outlet.get_absolute_url()).content.decode())

    def test_history_respects_area_scope(self):
        province = make_province("23")
        health, family = Area.objects.get(slug="health"), Area.objects.get(slug="family")
        agency = make_organization(province)
        in_health = make_meeting(province, organization=agency)
        in_health.areas.set([health])
        in_family = make_meeting(province, organization=agency)
        in_family.areas.set([family])
        viewer = make_user(Role.AMBASSADOR, province, areas=[health])
        sign_in(self.client, viewer)
        page = self.client.get(agency.get_absolute_url()).content.decode()
        self.assertIn(in_health.get_absolute_url(), page)
        self.assertNotIn(in_family.get_absolute_url(), page)


class OrganizationExportTests(TestCase):
    def test_export_is_audited_and_holds_the_type_in_persian(self):
        province = make_province("23")
        make_organization(province, name="سازمان بهزیستی", kind=OrganizationKind.GOVERNMENT_AGENCY)
        coordinator = make_user(Role.COORDINATOR, province)
        sign_in(self.client, coordinator)
        rows = xlsx_cells(self.client.get("/partners/organizations/", {"export": "xlsx"}).content)
        self.assertIn("دستگاه دولتی", rows[1])
        from audit.models import AuditEntry

        self.assertTrue(AuditEntry.objects.filter(additional_data__event="export", actor=coordinator).exists())


class RelatedLinkTests(TestCase):
    """Detail pages link a related record (a contact's organisation) when the reader may open it."""

    def test_a_contact_and_a_call_link_back_to_their_organisation(self):
        province = make_province("23")
        organization = make_organization(province)
        contact, call = make_contact(organization), make_interaction(organization)
        sign_in(self.client, make_user(Role.COORDINATOR, province))
        link = f'<a href="{organization.get_absolute_url()}">{organization.name}</a>'
        self.assertContains(self.client.get(contact.get_absolute_url()), link, html=True)
        self.assertContains(self.client.get(call.get_absolute_url()), link, html=True)

    def test_no_link_to_an_organisation_outside_the_readers_areas(self):
        province = make_province("23")
        health, family = Area.objects.get(slug="health"), Area.objects.get(slug="family")
        organization = make_organization(province)
        organization.areas.set([health])
        call = make_interaction(organization)  # no area of its own: the whole province may read it
        ambassador = make_user(Role.AMBASSADOR, province, areas=[family])
        sign_in(self.client, ambassador)
        page = self.client.get(call.get_absolute_url())
        self.assertContains(page, organization.name)
        self.assertNotContains(page, organization.get_absolute_url())
        self.assertEqual(self.client.get(organization.get_absolute_url()).status_code, 404)
