from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [
    NavItem(_("Retiree roster"), "retirees:retiree_list", "retirees.view_retiree", order=30, group="roster"),
    NavItem(_("Demographics"), "retirees:demographics", "retirees.view_demographics_retiree", order=31, group="roster"),
]
