"""The roles people hold. Every app grants permissions per role (its AppConfig.role_permissions),
so roles live in core, below every app (docs/architecture.md, dependency order)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin")
    PROVINCIAL_MANAGER = "provincial_manager", _("Provincial manager")
    COORDINATOR = "coordinator", _("Coordinator")
    AMBASSADOR = "ambassador", _("Ambassador")
    BOARD_MEMBER = "board_member", _("Association board member")


# Roles whose sign-in needs a second factor (TOTP).
ROLES_REQUIRING_OTP = {Role.NATIONAL_ADMIN, Role.PROVINCIAL_MANAGER}
# Roles limited to their own areas when areas are set on the user.
AREA_RESTRICTED_ROLES = {Role.COORDINATOR, Role.AMBASSADOR}
# Which roles each role may give to the accounts it manages.
ASSIGNABLE_ROLES = {
    Role.NATIONAL_ADMIN: list(Role),
    Role.PROVINCIAL_MANAGER: [Role.COORDINATOR, Role.AMBASSADOR, Role.BOARD_MEMBER],
    Role.COORDINATOR: [Role.AMBASSADOR],
}
