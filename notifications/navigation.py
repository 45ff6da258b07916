from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [NavItem(_("Notifications"), "notifications:notification_list", "notifications.view_notification", order=90)]
