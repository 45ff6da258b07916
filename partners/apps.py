from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

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

        from django.db.models import F

        from core.registry import RelatedSection, Searcher, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            search=[Searcher("partners.Organization", "partners.filters.OrganizationFilterSet", order=20), Searcher("partners.Contact", "partners.filters.ContactFilterSet", order=21)],
            monthly="partners.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="partners.api.ROUTERS",
            demo="partners.demo",
            related=[
                RelatedSection(on="partners.Organization", model="partners.Contact", via="organization",
                               title=_("People"), table="partners.tables.ContactTable", order=10,
                               add_label=_("Add a person"), ordering=(F("term_end").desc(nulls_first=True), "last_name")),
                RelatedSection(on="partners.Organization", model="partners.Interaction", via="organization",
                               title=_("Calls, letters and visits"), table="partners.tables.InteractionTable", order=20,
                               add_label=_("Log a call or letter")),
            ],
        )
