from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"indicators.view_indicator", "indicators.view_indicatorvalue", "indicators.view_website",
         "indicators.view_periodverification", "indicators.view_entryextension"}
# Ambassadors collect statistics and find websites (D8): they enter values with their sources
# and keep the website register.
_COLLECT = _VIEW | {
    "indicators.add_indicatorvalue", "indicators.change_indicatorvalue",
    "indicators.add_website", "indicators.change_website", "indicators.check_website",
}
# Coordinators and provincial managers also define their province's own indicators, import
# values from Excel and export. National indicators are the national admins' (the form and the
# detail page refuse others; national admins hold every permission).
_MANAGE = _COLLECT | {
    "indicators.add_indicator", "indicators.change_indicator", "indicators.export_indicator",
    "indicators.import_indicatorvalue", "indicators.export_indicatorvalue", "indicators.export_website",
    "indicators.view_valueimport", "indicators.add_valueimport",
    "indicators.change_valueimport",  # cancel a queued or running import
}


# The provincial manager verifies a period's values (DHIS2's data approval) and may reopen them,
# and — the same authority — reopens entry of a period that closed, for a limited time;
# national admins hold every permission.
_VERIFY = {"indicators.add_periodverification", "indicators.change_periodverification",
           "indicators.verify_periodverification",
           "indicators.reopen_periodverification",
           "indicators.add_entryextension", "indicators.change_entryextension", "indicators.extend_entryextension"}


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Statistics")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _MANAGE | _VERIFY,
        Role.COORDINATOR: _MANAGE,
        Role.AMBASSADOR: _COLLECT,
        Role.BOARD_MEMBER: _VIEW,
    }
    # Held by national admins only: after how many days a period's entry closes.
    national_only_permissions = {"indicators.change_indicatorsettings"}

    def ready(self):
        from auditlog.registry import auditlog

        from .models import EntryExtension, Indicator, IndicatorValue, PeriodVerification, ValueImport, Website

        auditlog.register(Indicator)
        auditlog.register(IndicatorValue, exclude_fields=["place_key", "source_key"])
        auditlog.register(Website, m2m_fields={"areas"})
        auditlog.register(ValueImport, include_fields=["status", "error", "cancel_requested"])
        auditlog.register(PeriodVerification)
        auditlog.register(EntryExtension)

        from core.registry import RelatedSection, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="indicators.api.ROUTERS",
            demo="indicators.demo",
            monthly="indicators.selectors.monthly_section",
            recover="indicators.tasks.recover_imports",  # an Excel import whose worker died (core.leases)
            related=[
                RelatedSection(on="partners.Organization", model="indicators.IndicatorValue", via="organization",
                               title=_("Statistics it gave"), table="indicators.tables.IndicatorValueTable", order=70,
                               select_related=("indicator", "province", "county", "organization", "website"), hide_empty=True),
                RelatedSection(on="partners.Organization", model="indicators.Website", via="owner",
                               title=_("Websites"), table="indicators.tables.WebsiteTable", order=71,
                               add_label=_("Add a website"), hide_empty=True),
                RelatedSection(on="indicators.Website", model="indicators.IndicatorValue", via="website",
                               title=_("Figures read here"), table="indicators.tables.IndicatorValueTable", order=10,
                               select_related=("indicator", "province", "county", "organization", "website"), hide_empty=True),
            ],
        )
