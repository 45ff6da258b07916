from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

# Aggregates are for everyone in the programme; the roster itself for those who recruit.
_AGGREGATES = {"retirees.view_demographics_retiree", "retirees.view_agency"}
_ROSTER = _AGGREGATES | {
    "retirees.view_retiree",
    "retirees.change_retiree",  # record consents
    "retirees.view_personal_retiree",
    "retirees.import_retiree",
    "retirees.view_rosterimport",
    "retirees.add_rosterimport",
    "retirees.change_rosterimport",  # map columns, cancel, run again
    "retirees.view_child",
    "retirees.add_child",
    "retirees.change_child",
    "retirees.delete_child",
}


class RetireesConfig(AppConfig):
    name = "retirees"
    verbose_name = _("Retiree roster")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _ROSTER,
        Role.COORDINATOR: _ROSTER,
        Role.AMBASSADOR: _AGGREGATES,
        Role.BOARD_MEMBER: _AGGREGATES,
    }
    # Held by national admins only: personal-data exports, the agency list, the explorer's settings.
    national_only_permissions = {
        "retirees.export_personal_retiree",
        "retirees.add_agency",
        "retirees.change_agency",
        "retirees.change_rostersettings",
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Agency, Child, EducationAlias, Retiree, RosterImport, RosterSettings

        # Encrypted values and their index stay out of the audit log; consents and names are in it.
        auditlog.register(Retiree, exclude_fields=["national_code_encrypted", "national_code_index", "mobile_encrypted",
                                                   "field_key", "specialty_key", "record_key", "updated_at"])
        auditlog.register(Child, exclude_fields=["mobile_encrypted", "field_key", "updated_at"])
        auditlog.register(Agency)
        auditlog.register(RosterImport, include_fields=["status", "mapping", "province", "original_name", "cancel_requested"])
        auditlog.register(RosterSettings)
        auditlog.register(EducationAlias)  # values mapped by national admins serve every later import

        from core.registry import registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            monthly="retirees.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="retirees.api.ROUTERS",
            demo="retirees.demo",
        )
