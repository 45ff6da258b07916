from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Recruitment"), "recruitment:candidate_board", "recruitment.view_candidate", order=35, group="roster")]
