from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"events.view_facility"}
# Ambassadors report spaces they find (D8).
_WORK = _VIEW | {"events.add_facility", "events.change_facility"}
# Coordinators and managers visit, verify, open and close them.
_COORDINATE = _WORK | {"events.verify_facility", "events.retire_facility", "events.export_facility"}


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and spaces")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _COORDINATE,
        Role.COORDINATOR: _COORDINATE,
        Role.AMBASSADOR: _WORK,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Facility

        auditlog.register(Facility)

        from core.registry import RelatedSection, registry

        from . import navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            api="events.api.ROUTERS",
            related=[
                RelatedSection(on="partners.Organization", model="events.Facility", via="owner", title=_("Spaces"),
                               table="events.tables.FacilityTable", order=60, add_label=_("Report a space"),
                               select_related=("county", "owner"), hide_empty=True),
            ],
        )
