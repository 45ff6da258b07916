from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    menu = menu_for(user)
    for entry in menu:
        entry["active"] = current.split("_")[0] == entry["url_name"].split("_")[0]
    return {"nav_menu": menu}
