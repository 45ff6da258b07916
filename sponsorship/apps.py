from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

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
