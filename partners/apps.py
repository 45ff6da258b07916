from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

_VIEW = {"partners.view_organization", "partners.view_contact", "partners.view_interaction"}
# Ambassadors register the bodies they work with and log their calls and letters; people's
# details are personal data, so contacts are kept by coordinators and managers.
_LOG = _VIEW | {
    "partners.add_organization",
    "partners.change_organization",
    "partners.add_interaction",
    "partners.change_interaction",
}
_MANAGE = _LOG | {
    "partners.delete_organization",
    "partners.export_organization",
    "partners.add_contact",
    "partners.change_contact",
    "partners.delete_contact",
    "partners.export_contact",
    "partners.view_personal_contact",
    "partners.export_interaction",
}


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _MANAGE,
        Role.COORDINATOR: _MANAGE,
        Role.AMBASSADOR: _LOG,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Contact, Interaction, Organization

        auditlog.register(Organization, m2m_fields={"areas"})
        # Personal fields are masked in the audit log as on the pages (AUDITLOG_MASK_CALLABLE).
        auditlog.register(Contact, mask_fields=["mobile", "phone", "email"])
        auditlog.register(Interaction, m2m_fields={"areas", "contacts"})
