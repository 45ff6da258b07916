from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Users"), "accounts:user_list", "accounts.view_user", order=85, group="administration")]
