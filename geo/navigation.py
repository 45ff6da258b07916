from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Provinces"), "geo:province_list", "geo.view_province", order=80, group="administration")]
