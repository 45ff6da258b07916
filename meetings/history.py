from django.utils.translation import gettext_lazy as _

from partners.history import section

from .models import Meeting
from .tables import MeetingTable


def sections(organization, request):
    if not request.user.has_perm("meetings.view_meeting"):
        return []
    meetings = Meeting.objects.visible_to(request.user).filter(organization=organization)
    meetings = meetings.select_related("organization").prefetch_related("areas")
    return [
        section(_("Meetings"), meetings, MeetingTable, request, list_name="meetings:meeting_list",
                filter_field="organization", organization=organization, add_permission="meetings.add_meeting",
                add_label=_("Request a meeting"), order=30)
    ]
