from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card

from .models import Website, stale_before


def cards(user):
    result = []
    if user.has_perm("indicators.check_website"):
        count = Website.objects.visible_to(user).filter(
            Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=stale_before())).count()
        result.append(Card(_("Websites to check again"), count, reverse("indicators:website_list") + "?stale=true",
                           note=_("not checked in 90 days"), order=27))
    return result


def actions(user):
    result = []
    if user.has_perm("indicators.add_indicatorvalue"):
        result.append(Action(_("Enter a letter's figures"), reverse("indicators:value_copy"), order=36))
    return result
