"""The home page is assembled from each app's `dashboard.py`, which may define
`cards(user) -> list[Card]`, `panels(user) -> list[Panel]` and `actions(user) -> list[Action]`.
What a role sees follows from its permissions and scope."""
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps


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


@dataclass
class Action:
    label: str
    url: str
    order: int = 100


@cache
def _modules() -> tuple:
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{config.name}.dashboard"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.dashboard":
                raise
    return tuple(module for module in modules if module.__name__ != __name__)


def collect(user) -> dict:
    parts = {"cards": [], "panels": [], "actions": []}
    for module in _modules():
        for part in parts:
            provider = getattr(module, part, None)
            if provider is not None:
                parts[part].extend(provider(user))
    for part in parts.values():
        part.sort(key=lambda item: item.order)
    return parts
