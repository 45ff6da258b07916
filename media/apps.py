from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from partners.choices import OrganizationKind

_VIEW = {"media.view_mediacoverage"}
_LOG = _VIEW | {"media.add_mediacoverage", "media.change_mediacoverage"}


class MediaConfig(AppConfig):
    name = "media"
    label = "media"
    verbose_name = _("Media coverage")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _LOG | {"media.export_mediacoverage"},
        Role.COORDINATOR: _LOG | {"media.export_mediacoverage"},
        Role.AMBASSADOR: _LOG,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import MediaCoverage

        auditlog.register(MediaCoverage, m2m_fields={"areas"})

        from core.registry import RelatedSection, Searcher, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            search=[Searcher("media.MediaCoverage", "media.filters.MediaCoverageFilterSet", order=40)],
            monthly="media.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="media.api.ROUTERS",
            demo="media.demo",
            related=[
                RelatedSection(on="partners.Organization", model="media.MediaCoverage", via="outlet",
                               title=_("Media coverage"), table="media.tables.MediaCoverageTable", order=40,
                               add_label=_("Log coverage"), when=is_outlet, select_related=("outlet",),
                               prefetch_related=("areas",)),
                RelatedSection(on="partners.Organization", model="media.MediaCoverage", via="meeting__organization",
                               title=_("Media coverage of our meetings with it"), table="media.tables.MediaCoverageTable",
                               order=40, list_filter="meeting_organization", when=is_not_outlet, hide_empty=True,
                               select_related=("outlet",), prefetch_related=("areas",)),
            ],
        )


def is_outlet(organization) -> bool:
    return organization.kind == OrganizationKind.MEDIA_OUTLET


def is_not_outlet(organization) -> bool:
    return not is_outlet(organization)
