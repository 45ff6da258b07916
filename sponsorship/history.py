from django.utils.translation import gettext_lazy as _

from partners.history import section

from .models import Pledge
from .tables import PledgeTable


def sections(organization, request):
    if not request.user.has_perm("sponsorship.view_pledge"):
        return []
    pledges = Pledge.objects.visible_to(request.user).filter(sponsor=organization)
    pledges = pledges.select_related("sponsor").prefetch_related("areas")
    return [
        section(_("Pledges of support"), pledges, PledgeTable, request, list_name="sponsorship:pledge_list",
                filter_field="sponsor", organization=organization, add_permission="sponsorship.add_pledge",
                add_label=_("Record a pledge"), order=50)
    ]
