"""Factories for tests of organisations, contacts and interactions."""
from geo.testing import make_county

from .choices import ContactRole, InteractionKind, OrganizationKind
from .models import Contact, Interaction, Organization


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
