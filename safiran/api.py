"""The API under /api/: one NinjaAPI; each app contributes `ROUTERS = [(prefix, router)]`
in its `api.py`."""
from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from core.api import API_AUTH, install_error_handlers

api = NinjaAPI(
    title="Safiran API",
    version="1",
    description=(
        "API of Safiran, the culture-building ambassadors programme. Authenticate with a personal "
        "token (`Authorization: Bearer …`, from your profile page or `manage.py issue_token`). "
        "Every endpoint sees only what your role and province allow; other objects answer 404. "
        "Dates are ISO (Gregorian) in responses, with a Jalali twin; inputs accept Jalali or ISO."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
install_error_handlers(api)

for config in apps.get_app_configs():
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as error:
        if error.name != f"{config.name}.api":
            raise
        continue
    for prefix, router in getattr(module, "ROUTERS", []):
        api.add_router(prefix, router)
