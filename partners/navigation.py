from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

# Calls and letters are linked from the organisations page and from each organisation.
ITEMS = [
    NavItem(_("Organisations"), "partners:organization_list", "partners.view_organization", order=30, group="engagement"),
    NavItem(_("Contacts"), "partners:contact_list", "partners.view_contact", order=31, group="engagement"),
]
