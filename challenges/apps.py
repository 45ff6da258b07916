from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import Role

_VIEW = {"challenges.view_challenge", "challenges.view_priorityround"}
# Everyone who works in the programme files challenges and supports them in rounds.
_FILE = _VIEW | {"challenges.add_challenge", "challenges.change_challenge", "challenges.support_challenge"}
_TRIAGE = _FILE | {"challenges.triage_challenge", "challenges.export_challenge", "challenges.add_priorityround",
                   "challenges.change_priorityround", "challenges.close_priorityround"}


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

        from .models import Challenge, PriorityRound, Support

        auditlog.register(Challenge)
        auditlog.register(PriorityRound, exclude_fields=["ranking"])
        auditlog.register(Support)

        from core.registry import registry

        from . import navigation
        registry.contribute(
            self.label,
            menu=navigation.ITEMS,
            api="challenges.api.ROUTERS",
            demo="challenges.demo",
        )
