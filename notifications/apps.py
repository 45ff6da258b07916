from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_OWN = {"notifications.view_notification"}


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    # Everyone reads their own notifications: the queryset shows only the recipient's.
    # Not registered with auditlog: each outbox row is itself the record of what was sent.
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _OWN,
        Role.COORDINATOR: _OWN,
        Role.AMBASSADOR: _OWN,
        Role.BOARD_MEMBER: _OWN,
    }

    def ready(self):
        from core.registry import registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="notifications.api.ROUTERS",
            recover="notifications.tasks.recover_notifications",
        )
