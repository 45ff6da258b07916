from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Audit log"), "audit:auditentry_list", "audit.view_auditentry", order=95, group="administration")]
