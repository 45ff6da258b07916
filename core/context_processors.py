from django.utils.translation import gettext_lazy as _

from .cache import per_request
from .navigation import menu_for

# The header's text-size buttons (accounts.choices.TextSize values), labelled to be read aloud.
TEXT_SIZES = (("100", _("Normal")), ("112", _("Large")), ("125", _("Larger")))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace and match.url_name else ""
    # Once per request: a table or partial rendered with the request runs this again.
    return {"nav_menu": per_request(request, "nav_menu", lambda: menu_for(user, current)), "text_sizes": TEXT_SIZES}


def saved_submission(request):
    """The create form just saved (core.views.ObjectFormMixin), named once on the next page so
    the browser can say "already saved" if the person goes back to the form."""
    session = getattr(request, "session", None)
    token = session.pop("last_saved_submission", None) if session is not None else None
    return {"saved_submission": token} if token else {}
