from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"challenges.view_challenge", "challenges.view_priorityround", "challenges.view_action"}
# Everyone who works in the programme files challenges, supports them in rounds and records
# progress on actions; coordinators and managers triage, and create and assign actions.
_FILE = _VIEW | {"challenges.add_challenge", "challenges.change_challenge", "challenges.support_challenge",
                 "challenges.progress_action"}
_TRIAGE = _FILE | {"challenges.triage_challenge", "challenges.export_challenge", "challenges.add_priorityround",
                   "challenges.change_priorityround", "challenges.close_priorityround", "challenges.add_action",
                   "challenges.change_action", "challenges.export_action"}


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges and priorities")
    role_permissions = {
        Role.PROVINCIAL_MANAGER: _TRIAGE,
        Role.COORDINATOR: _TRIAGE,
        Role.AMBASSADOR: _FILE,
        Role.BOARD_MEMBER: _VIEW,
    }

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Action, Challenge, PriorityRound, ProgressUpdate, Support

        auditlog.register(Challenge)
        auditlog.register(PriorityRound, exclude_fields=["ranking"])
        auditlog.register(Support)
        auditlog.register(Action)
        auditlog.register(ProgressUpdate)

        from core.registry import RelatedSection, registry

        from . import navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            api="challenges.api.ROUTERS",
            demo="challenges.demo",
            related=[
                RelatedSection(on="challenges.Challenge", model="challenges.Action", via="challenge",
                               title=_("Actions"), table="challenges.tables.ActionTable", order=10,
                               add_label=_("New action")),
                RelatedSection(on="reports.Suggestion", model="challenges.Action", via="suggestion",
                               title=_("Actions carrying it out"), table="challenges.tables.ActionTable", order=10,
                               add_label=_("New action from this suggestion")),
            ],
        )
