from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Specialised areas")
    role_permissions = {
        role: {"areas.view_area"}
        for role in (Role.PROVINCIAL_MANAGER, Role.COORDINATOR, Role.AMBASSADOR, Role.BOARD_MEMBER)
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Area

        auditlog.register(Area)

        from core.registry import registry

        from . import navigation
        registry.contribute(
            self.label,
            reference="areas.defaults.ensure_reference_data",
            menu=navigation.ITEMS,
            api="areas.api.ROUTERS",
        )
