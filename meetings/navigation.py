from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [
    NavItem(_("Meetings"), "meetings:meeting_list", "meetings.view_meeting", order=40, group="engagement"),
    NavItem(_("Meetings calendar"), "meetings:calendar", "meetings.view_meeting", order=40, group="engagement"),
    NavItem(_("Follow-ups"), "meetings:followup_list", "meetings.view_followup", order=41, group="engagement"),
]
