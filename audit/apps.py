from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")
    # Only national admins (who hold every permission) read the audit log.
    role_permissions = {}
    national_only_permissions = {"audit.view_auditentry", "audit.export_auditentry"}

    def ready(self):
        from core.registry import registry

        from . import navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
        )
