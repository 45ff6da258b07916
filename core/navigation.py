"""The menu, shaped by role: each app lists its entries in `<app>/navigation.py` as
`ITEMS = [NavItem(...)]` and registers them (core.registry); a user sees the entries whose
permission they hold. Entries
with a `group` are gathered under one drop-down, so the bar stays one short line."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .cache import cached
from .registry import registry

# Drop-down groups: key -> (label, position among the top-level entries).
GROUPS = {
    "roster": (_("Retirees"), 30),
    "engagement": (_("Engagement"), 40),
    "administration": (_("Administration"), 95),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    order: int = 100
    group: str | None = None
    # A count shown beside the entry (unread notifications), or None.
    badge: object = None


def _section(url_name: str) -> str:
    """`meetings:meeting_list` and `meetings:meeting_detail` belong to one section."""
    return url_name.rsplit("_", 1)[0]


def _badge(item: NavItem, user):
    """An entry's count (unread notifications), kept until the next write."""
    if item.badge is None:
        return None
    return cached(("badge", item.url_name, user.pk), lambda: item.badge(user) or 0)


def menu_for(user, current: str = "") -> list[dict]:
    """Top-level entries, in order: links {"label", "url", "active", "badge"} and groups {"label",
    "children", "key", "active"}. Kept per person and page until the next write (core.cache):
    the same forty permission checks and URL reversals on every page otherwise."""
    if not user.is_authenticated:
        return []
    return cached(("menu", user.pk, current), lambda: _menu(user, current))


def _menu(user, current: str) -> list[dict]:
    entries, groups = [], {}
    for item in registry.menu_items():
        if item.permission is not None and not user.has_perm(item.permission):
            continue
        link = {"label": str(item.label), "url": reverse(item.url_name),
                "active": bool(current) and _section(current) == _section(item.url_name), "badge": _badge(item, user)}
        if item.group is None:
            entries.append((item.order, link))
            continue
        if item.group not in groups:
            label, order = GROUPS[item.group]
            groups[item.group] = {"label": str(label), "children": [], "key": item.group}
            entries.append((order, groups[item.group]))
        groups[item.group]["children"].append(link)
    for group in groups.values():
        group["active"] = any(child["active"] for child in group["children"])
    return [entry for _order, entry in sorted(entries, key=lambda pair: pair[0])]
