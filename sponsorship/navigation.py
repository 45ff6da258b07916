from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Sponsors"), "sponsorship:pledge_list", "sponsorship.view_pledge", order=60, group="engagement")]
