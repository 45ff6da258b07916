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
        from django.db.models.signals import post_migrate

        from . import tables  # noqa: F401  (registers the Jalali and number columns)
        from .cache import connect

        connect()  # any write moves the data generation on: cached figures are invalidated

        post_migrate.connect(_ensure_reference_data, dispatch_uid="safiran-reference-data")


def _ensure_reference_data(sender, using="default", **kwargs):
    """Once per `migrate` or flush, after every app's own handlers (content types, permissions):
    each app's reference data is loaded again if its tables were emptied."""
    from django.apps import apps

    from .registry import registry

    if sender is list(apps.get_app_configs())[-1] and using == "default":
        registry.ensure_reference_data()
