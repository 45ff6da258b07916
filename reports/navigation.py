from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [
    NavItem(_("Monthly reports"), "reports:monthlyreport_list", "reports.view_monthlyreport", order=60),
    NavItem(_("The national picture"), "reports:national", "reports.view_national_picture", order=61),
]
