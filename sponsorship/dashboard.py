from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from core import display
from core.dashboard import Action, Card
from core.money import unit_for

from .choices import PledgeStatus
from .models import Pledge


def cards(user):
    if not user.has_perm("sponsorship.view_pledge"):
        return []
    open_pledges = Pledge.objects.visible_to(user).filter(status__in=[PledgeStatus.PLEDGED, PledgeStatus.PARTLY_RECEIVED])
    figures = open_pledges.aggregate(count=Count("pk"), value=Sum("value_rials"), received=Sum("received_rials"))
    outstanding = (figures["value"] or 0) - (figures["received"] or 0)
    note = _("%(amount)s still to come") % {"amount": display.money(max(outstanding, 0), unit_for(user))}
    url = reverse("sponsorship:pledge_list")
    return [Card(_("Pledges awaiting delivery"), figures["count"], url, note=note, order=30)]


def actions(user):
    if user.has_perm("sponsorship.add_pledge"):
        return [Action(_("Record a sponsor's pledge"), reverse("sponsorship:pledge_create"), order=50)]
    return []
