from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action


def actions(user):
    if user.has_perm("media.add_mediacoverage"):
        return [Action(_("Log media coverage"), reverse("media:mediacoverage_create"), order=40)]
    return []
