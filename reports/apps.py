from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"reports.view_monthlyreport", "reports.view_suggestion"}
_TRACK = _VIEW | {"reports.progress_suggestion", "reports.export_monthlyreport", "reports.export_suggestion"}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Monthly reports")
    role_permissions = {
        # The provincial manager reviews: returns or accepts, then locks.
        # The national picture (reports.national): all provinces for national admins, their own for managers.
        Role.PROVINCIAL_MANAGER: _TRACK | {"reports.review_monthlyreport", "reports.lock_monthlyreport",
                                           "reports.view_national_picture"},
        # The coordinator compiles, writes and submits the month, with corrective suggestions.
        Role.COORDINATOR: _TRACK | {
            "reports.add_monthlyreport", "reports.change_monthlyreport", "reports.submit_monthlyreport",
            "reports.add_suggestion", "reports.change_suggestion",
        },
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import MonthlyReport, Suggestion

        # The snapshot is audited by its hash (in the transition's row), not copied into every entry.
        auditlog.register(MonthlyReport, exclude_fields=["snapshot"])
        auditlog.register(Suggestion)

        from core.registry import registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="reports.api.ROUTERS",
            demo="reports.demo",
        )
