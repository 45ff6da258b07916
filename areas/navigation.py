from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Areas"), "areas:area_list", "areas.view_area", order=70, group="administration")]
