from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card

from .choices import OPEN_STATUSES
from .models import Candidate


def cards(user):
    if not user.has_perm("recruitment.view_candidate"):
        return []
    counts = Candidate.objects.visible_to(user).aggregate(open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
    return [Card(_("Candidates in the pipeline"), counts["open"], reverse("recruitment:candidate_board"), order=35)]


def actions(user):
    if user.has_perm("recruitment.add_candidate"):
        return [Action(_("Find talent for an area"), reverse("recruitment:talent_search"), order=35)]
    return []
