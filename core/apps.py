from django.apps import AppConfig
from django.db.models import CharField, TextField
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # `field__length` in constraints and filters.
        CharField.register_lookup(Length)
        TextField.register_lookup(Length)
        from . import tables  # noqa: F401  (registers the Jalali and number columns)
        from .cache import connect

        connect()  # any write moves the data generation on: cached figures are invalidated
