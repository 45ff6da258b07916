from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action


def actions(user):
    result = []
    if user.has_perm("partners.add_organization"):
        result.append(Action(_("Register an organisation"), reverse("partners:organization_create"), order=30))
    if user.has_perm("partners.add_interaction"):
        result.append(Action(_("Log a call or letter"), reverse("partners:interaction_create"), order=32))
    return result
