from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem

ITEMS = [
    NavItem(_("Events"), "events:event_list", "events.view_event", order=50),
    NavItem(_("Events calendar"), "events:calendar", "events.view_session", order=51, group="engagement"),
    NavItem(_("Spaces"), "events:facility_list", "events.view_facility", order=55, group="engagement"),
]
