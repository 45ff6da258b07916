from django.utils.translation import gettext_lazy as _

from partners.choices import OrganizationKind
from partners.history import section

from .models import MediaCoverage
from .tables import MediaCoverageTable


def sections(organization, request):
    if not request.user.has_perm("media.view_mediacoverage"):
        return []
    coverage = MediaCoverage.objects.visible_to(request.user).select_related("outlet").prefetch_related("areas")
    if organization.kind == OrganizationKind.MEDIA_OUTLET:
        return [
            section(_("Media coverage"), coverage.filter(outlet=organization), MediaCoverageTable, request,
                    list_name="media:mediacoverage_list", filter_field="outlet", organization=organization,
                    add_permission="media.add_mediacoverage", add_label=_("Log coverage"), order=40)
        ]
    about_meetings = coverage.filter(meeting__organization=organization)
    if not about_meetings.exists():
        return []
    return [
        section(_("Media coverage of our meetings with it"), about_meetings, MediaCoverageTable, request,
                list_name="media:mediacoverage_list", filter_field="meeting_organization", organization=organization,
                order=40)
    ]
