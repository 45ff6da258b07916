from django.test import TestCase

from accounts.choices import Role
from core.testing import ScopeChecks, make_county
from partners.choices import ContactRole, InteractionKind, OrganizationKind
from partners.models import Contact, Interaction, Organization


def make_organization(province, kind=OrganizationKind.GOVERNMENT_AGENCY, **fields):
    defaults = {"name": f"اداره کل ورزش و جوانان {province.name}", "county": make_county(province)}
    if kind == OrganizationKind.MEDIA_OUTLET:
        defaults["media_kind"] = "radio"
    return Organization.objects.create(province=province, kind=kind, **{**defaults, **fields})


def make_contact(organization, **fields):
    defaults = {"first_name": "فاطمه", "last_name": f"کاظمی {organization.pk}", "role": ContactRole.DIRECTOR,
                "mobile": "09121234567", "email": "f.kazemi@example.org"}
    return Contact.objects.create(organization=organization, **{**defaults, **fields})


def make_interaction(organization, **fields):
    defaults = {"kind": InteractionKind.CALL, "occurred_on": "2026-11-01", "subject": f"تماس با {organization.name}"}
    return Interaction.objects.create(organization=organization, **{**defaults, **fields})


class OrganizationScopeTests(ScopeChecks, TestCase):
    model = Organization
    allowed_role = Role.COORDINATOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "delete")
    collection_actions = ("list", "create")
    api_path = "/api/organizations"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_organization(province)

    def api_payload(self, province):
        return {"name": f"جمعیت هلال احمر {province.code}", "kind": "ngo", "province": province.pk}


class ContactScopeTests(ScopeChecks, TestCase):
    model = Contact
    allowed_role = Role.COORDINATOR
    viewer_role = Role.AMBASSADOR
    object_actions = ("detail", "update", "delete")
    collection_actions = ("list", "create")
    api_path = "/api/contacts"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_contact(make_organization(province))

    def api_payload(self, province):
        organization = Organization.objects.get(province=province)
        return {"organization": organization.pk, "first_name": "حسن", "last_name": "مرادی", "role": "board_member",
                "term_start": "1403/07/01", "term_end": "1407/06/31"}


class InteractionScopeTests(ScopeChecks, TestCase):
    model = Interaction
    allowed_role = Role.AMBASSADOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/interactions"

    @classmethod
    def make_object(cls, province):
        return make_interaction(make_organization(province))

    def api_payload(self, province):
        organization = Organization.objects.get(province=province)
        return {"organization": organization.pk, "kind": "letter", "occurred_on": "1405/08/20", "subject": "نامهٔ معرفی"}
