from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Challenges"), "challenges:challenge_list", "challenges.view_challenge", order=62)]
