from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_MANAGE_USERS = {"accounts.view_user", "accounts.add_user", "accounts.change_user"}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _MANAGE_USERS,
        Role.COORDINATOR: _MANAGE_USERS,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ApiToken, User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"areas"}, mask_fields=["mobile"])
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])

        from core.registry import registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            demo="accounts.demo",
        )
