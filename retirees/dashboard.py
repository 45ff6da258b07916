from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card

from .demographics import GRAINS
from .models import DemographicCell


def cards(user):
    if not user.has_perm("retirees.view_retiree"):
        return []
    # From the summary, refreshed after each import: no count over the whole roster per page view.
    count = DemographicCell.objects.visible_to(user).filter(grain=min(GRAINS)).aggregate(n=Sum("count"))["n"] or 0
    return [Card(_("Retirees in the roster"), count, reverse("retirees:retiree_list"), order=30)]


def actions(user):
    result = []
    if user.has_perm("retirees.add_rosterimport"):
        result.append(Action(_("Import a roster file"), reverse("retirees:rosterimport_create"), order=30))
    if user.has_perm("retirees.view_demographics_retiree"):
        result.append(Action(_("Explore the retirees' demographics"), reverse("retirees:demographics"), order=31))
    return result
