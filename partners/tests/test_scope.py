from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from partners.models import Contact, Interaction, Organization
from partners.testing import make_contact, make_interaction, make_organization


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
