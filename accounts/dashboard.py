from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card

from .models import User


def cards(user):
    if not user.has_perm("accounts.change_user"):
        return []
    return [Card(_("Active users"), User.objects.visible_to(user).filter(is_active=True).count(), reverse("accounts:user_list"), order=50)]


def actions(user):
    if user.has_perm("accounts.add_user"):
        return [Action(_("Create a user account"), reverse("accounts:user_create"), order=50)]
    return []
