"""The home page is assembled from each app's dashboard (registered with core.registry: an
object, usually the app's `dashboard` module, that may define `cards(user) -> list[Card]`,
`panels(user) -> list[Panel]` and `actions(user) -> list[Action]`). What a role sees follows
from its permissions and scope."""
from dataclasses import dataclass, field

from django.utils import timezone

from .cache import cached
from .registry import registry


@dataclass
class Card:
    title: str
    value: int
    url: str | None = None
    note: str = ""
    order: int = 100


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # Something waiting for this person (a request to decide, an overdue follow-up): shown
    # first on the home page, above the figures.
    needs_action: bool = False


@dataclass
class Action:
    label: str
    url: str
    order: int = 100


def _collect(user, part: str) -> list:
    items = []
    for module in registry.dashboards():
        provider = getattr(module, part, None)
        if provider is not None:
            items.extend(provider(user))
    items.sort(key=lambda item: item.order)
    return items


@dataclass
class DrawnPanel:
    title: str
    html: str


def _draw_panels(user) -> dict:
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    drawn = {"todo": [], "panels": []}
    for panel in _collect(user, "panels"):
        html = mark_safe(render_to_string(panel.template, {"ctx": panel.context}))
        drawn["todo" if panel.needs_action else "panels"].append(DrawnPanel(str(panel.title), html))
    return drawn


def collect(user) -> dict:
    # The figure cards are counts over the user's scope, and the panels records of it: both kept
    # until the next write (core.cache), per user since some are personal (one's own follow-ups,
    # unread notices) and the panels per day too ("overdue" moves with the date). The panels are
    # kept drawn (their templates take no request: no forms, no tokens). Actions are cheap: made
    # on every request. Panels that ask for the user's decision come first, apart ("todo").
    drawn = cached(("panels", user.pk, timezone.localdate().isoformat()), lambda: _draw_panels(user))
    return {
        "cards": cached(("cards", user.pk), lambda: _collect(user, "cards")),
        "todo": drawn["todo"],
        "panels": drawn["panels"],
        "actions": _collect(user, "actions"),
    }
