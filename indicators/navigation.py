from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

# One entry: values and the website register are linked from the indicators' list.
ITEMS = [NavItem(_("Statistics"), "indicators:indicator_list", "indicators.view_indicator", order=57, group="engagement")]
