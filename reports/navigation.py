from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Monthly reports"), "reports:monthlyreport_list", "reports.view_monthlyreport", order=60)]
