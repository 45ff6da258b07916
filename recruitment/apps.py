from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_RECRUIT = {
    "recruitment.view_candidate",
    "recruitment.add_candidate",
    "recruitment.change_candidate",
    "recruitment.advance_candidate",
    "recruitment.onboard_candidate",
    "recruitment.view_talentkeyword",
}


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _RECRUIT,
        Role.COORDINATOR: _RECRUIT,
        # Ambassadors follow up the candidates assigned to them (the queryset shows only those).
        Role.AMBASSADOR: {"recruitment.view_candidate", "recruitment.advance_candidate"},
    }
    national_only_permissions = {
        "recruitment.add_talentkeyword",
        "recruitment.change_talentkeyword",
        "recruitment.delete_talentkeyword",
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Candidate, TalentKeyword

        auditlog.register(Candidate)
        auditlog.register(TalentKeyword)

        from core.registry import RelatedSection, registry

        from . import dashboard, navigation
        registry.contribute(
            self.label,
            monthly="recruitment.selectors.monthly_section",
            menu=navigation.ITEMS,
            dashboard=dashboard,
            api="recruitment.api.ROUTERS",
            demo="recruitment.demo",
            related=[
                RelatedSection(on="retirees.Retiree", model="recruitment.Candidate", via="retiree",
                               title=_("In the recruitment pipeline"), table="recruitment.tables.CandidateTable",
                               order=20, list_filter="", select_related=("area", "assigned_to"), hide_empty=True),
            ],
        )
