from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

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
