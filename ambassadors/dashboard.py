from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card, Panel
from core.display import number

from .choices import AmbassadorStatus
from .models import Ambassador


def cards(user):
    if not user.has_perm("ambassadors.view_ambassador"):
        return []
    counts = Ambassador.objects.visible_to(user).aggregate(
        active=Count("pk", filter=Q(status=AmbassadorStatus.ACTIVE)),
        candidate=Count("pk", filter=Q(status=AmbassadorStatus.CANDIDATE)),
        inactive=Count("pk", filter=Q(status=AmbassadorStatus.INACTIVE)),
    )
    url = reverse("ambassadors:ambassador_list")
    # One card: "candidates" here would read like the recruitment pipeline's candidates.
    note = _("%(waiting)s registered, not yet active · %(inactive)s inactive") % {
        "waiting": number(counts["candidate"]), "inactive": number(counts["inactive"])}
    return [Card(_("Active ambassadors"), counts["active"], f"{url}?status=active", note=note, order=10)]


def panels(user):
    if not (user.has_national_scope and user.has_perm("ambassadors.view_ambassador")):
        return []
    rows = (
        Ambassador.objects.visible_to(user)
        .values("province__id", "province__name")
        .annotate(
            active=Count("pk", filter=Q(status=AmbassadorStatus.ACTIVE)),
            candidate=Count("pk", filter=Q(status=AmbassadorStatus.CANDIDATE)),
            total=Count("pk"),
        )
        .order_by("-active", "province__name")
    )
    return [Panel(_("Ambassadors by province"), "ambassadors/panel_by_province.html", {"rows": rows}, order=10)]


def actions(user):
    result = []
    if user.has_perm("ambassadors.add_ambassador"):
        result.append(Action(_("Register a new ambassador"), reverse("ambassadors:ambassador_create"), order=10))
    profile = getattr(user, "ambassador_profile", None) if user.is_authenticated else None
    if profile is not None:
        result.append(Action(_("My ambassador profile"), profile.get_absolute_url(), order=5))
    return result
