from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Ambassadors"), "ambassadors:ambassador_list", "ambassadors.view_ambassador", order=20)]
