import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Card

from .models import Notification

RECENT_DAYS = 7


def cards(user):
    if not user.has_perm("notifications.view_notification"):
        return []
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    count = Notification.objects.visible_to(user).filter(created_at__gte=since).count()
    if not count:
        return []
    return [Card(_("Notifications this week"), count, reverse("notifications:notification_list"), order=5)]
