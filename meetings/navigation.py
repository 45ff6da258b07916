from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

# Follow-ups are linked from the meetings page and the dashboard.
ITEMS = [NavItem(_("Meetings"), "meetings:meeting_list", "meetings.view_meeting", order=40)]
