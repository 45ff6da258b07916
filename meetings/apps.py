from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"meetings.view_meeting", "meetings.view_followup"}
# Ambassadors request, hold and log meetings and their follow-ups (D5).
_WORK = _VIEW | {
    "meetings.add_meeting",
    "meetings.change_meeting",
    "meetings.hold_meeting",
    "meetings.cancel_meeting",
    "meetings.add_followup",
    "meetings.change_followup",
    "meetings.complete_followup",
}
_COORDINATE = _WORK | {"meetings.export_meeting", "meetings.export_followup"}


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    role_permissions = {
        # Only the provincial manager approves or declines requests.
        Role.PROVINCIAL_MANAGER: _COORDINATE | {"meetings.approve_meeting"},
        Role.COORDINATOR: _COORDINATE,
        Role.AMBASSADOR: _WORK,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import FollowUp, Meeting

        auditlog.register(Meeting, m2m_fields={"areas", "our_attendees", "their_attendees"})
        auditlog.register(FollowUp)

        from core.registry import RelatedSection, Searcher, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            search=[Searcher("meetings.Meeting", "meetings.filters.MeetingFilterSet", order=30), Searcher("meetings.FollowUp", "meetings.filters.FollowUpFilterSet", order=31)],
            monthly="meetings.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="meetings.api.ROUTERS",
            demo="meetings.demo",
            related=[
                RelatedSection(on="partners.Organization", model="meetings.Meeting", via="organization",
                               title=_("Meetings"), table="meetings.tables.MeetingTable", order=30,
                               add_label=_("Request a meeting"), select_related=("organization",),
                               prefetch_related=("areas",)),
            ],
        )
