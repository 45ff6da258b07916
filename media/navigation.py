from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Media coverage"), "media:mediacoverage_list", "media.view_mediacoverage", order=50, group="engagement")]
