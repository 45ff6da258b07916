from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

from .models import Notification


def unread(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


ITEMS = [NavItem(_("Notifications"), "notifications:notification_list", "notifications.view_notification", order=90,
                 badge=unread)]
