from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"ambassadors.view_ambassador"}
_MANAGE = _VIEW | {
    "ambassadors.add_ambassador",
    "ambassadors.change_ambassador",
    "ambassadors.deactivate_ambassador",
    "ambassadors.export_ambassador",
    "ambassadors.view_personal_ambassador",
}


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Ambassadors")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _MANAGE,
        Role.COORDINATOR: _MANAGE,
        Role.AMBASSADOR: _VIEW,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Ambassador

        # Ciphertexts and blind indexes are not history worth keeping (and would leak equality).
        auditlog.register(
            Ambassador, m2m_fields={"areas"},
            exclude_fields=["national_code_encrypted", "national_code_index", "mobile_encrypted", "mobile_index"],
        )

        from core.registry import Searcher, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            search=[Searcher("ambassadors.Ambassador", "ambassadors.filters.AmbassadorFilterSet", order=10)],
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="ambassadors.api.ROUTERS",
            demo="ambassadors.demo",
        )
