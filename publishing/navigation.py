from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Posts"), "publishing:post_list", "publishing.view_post", order=65, group="engagement")]
