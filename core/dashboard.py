"""The home page is assembled from each app's dashboard (registered with core.registry: an
object, usually the app's `dashboard` module, that may define `cards(user) -> list[Card]`,
`panels(user) -> list[Panel]` and `actions(user) -> list[Action]`). What a role sees follows
from its permissions and scope."""
from dataclasses import dataclass, field

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


def collect(user) -> dict:
    parts = {"cards": [], "panels": [], "actions": []}
    for module in registry.dashboards():
        for part in parts:
            provider = getattr(module, part, None)
            if provider is not None:
                parts[part].extend(provider(user))
    for part in parts.values():
        part.sort(key=lambda item: item.order)
    parts["todo"] = [panel for panel in parts["panels"] if panel.needs_action]
    parts["panels"] = [panel for panel in parts["panels"] if not panel.needs_action]
    return parts
