from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role


class GeoConfig(AppConfig):
    name = "geo"
    verbose_name = _("Provinces and counties")
    # Reference data: everyone signed in reads it; only national admins (all permissions) edit it.
    role_permissions = {
        role: {"geo.view_province", "geo.view_county"}
        for role in (Role.PROVINCIAL_MANAGER, Role.COORDINATOR, Role.AMBASSADOR, Role.BOARD_MEMBER)
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import County, CountyAlias, Province

        auditlog.register(Province)
        auditlog.register(County)
        auditlog.register(CountyAlias)

        from core.registry import registry

        from . import navigation
        registry.contribute(
            self.label,
            reference="geo.reference.ensure_reference_data",
            menu=navigation.ITEMS,
            api="geo.api.ROUTERS",
        )
