from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"sponsorship.view_pledge", "sponsorship.view_receipt"}
# Ambassadors log the support they win; money received, closing and official letters are
# for coordinators and managers.
_LOG = _VIEW | {"sponsorship.add_pledge", "sponsorship.change_pledge"}
_MANAGE = _LOG | {
    "sponsorship.receive_pledge",
    "sponsorship.close_pledge",
    "sponsorship.acknowledge_pledge",
    "sponsorship.export_pledge",
    "sponsorship.export_receipt",
}


class SponsorshipConfig(AppConfig):
    name = "sponsorship"
    verbose_name = _("Sponsorship")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _MANAGE,
        Role.COORDINATOR: _MANAGE,
        Role.AMBASSADOR: _LOG,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Pledge, Receipt

        auditlog.register(Pledge, m2m_fields={"areas"})
        auditlog.register(Receipt)

        from core.registry import RelatedSection, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            monthly="sponsorship.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="sponsorship.api.ROUTERS",
            demo="sponsorship.demo",
            related=[
                RelatedSection(on="partners.Organization", model="sponsorship.Pledge", via="sponsor",
                               title=_("Pledges of support"), table="sponsorship.tables.PledgeTable", order=50,
                               add_label=_("Record a pledge"), select_related=("sponsor",), prefetch_related=("areas",)),
            ],
        )
