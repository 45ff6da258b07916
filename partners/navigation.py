from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [
    NavItem(_("Organisations"), "partners:organization_list", "partners.view_organization", order=30),
    NavItem(_("Contacts"), "partners:contact_list", "partners.view_contact", order=31),
    NavItem(_("Calls and letters"), "partners:interaction_list", "partners.view_interaction", order=32),
]
