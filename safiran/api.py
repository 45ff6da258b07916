"""The API under /api/: one NinjaAPI; each app registers its routers (core.registry)."""
from ninja import NinjaAPI

from core.api import API_AUTH, install_error_handlers
from core.registry import registry

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

for prefix, router in registry.api_routers():
    api.add_router(prefix, router)
