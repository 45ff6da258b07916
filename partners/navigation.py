from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

# One menu entry per module keeps the menu on one line; contacts and calls are linked from
# the organisations page (and from each organisation).
ITEMS = [NavItem(_("Organisations"), "partners:organization_list", "partners.view_organization", order=30)]
