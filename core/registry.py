"""What each app contributes to the rest of the system, registered once in its
`AppConfig.ready()`:

    registry.contribute(
        self.label,
        menu=navigation.ITEMS,                       # menu entries (core.navigation.NavItem)
        dashboard=dashboard,                         # an object with cards/panels/actions(user)
        api="meetings.api.ROUTERS",                  # [(prefix, router)], imported when the API is built
        demo="meetings.demo",                        # demo data module, imported only by seed_demo
        related=[RelatedSection(...)],               # sections on other models' detail pages
        monthly="meetings.selectors.monthly_section",  # its part of a province's monthly report
        feed="news.selectors.feed_items",            # items for the public site's feeds
        recover="retirees.tasks.recover_imports",    # hands back work a killed worker left (core.leases)
        search=[Searcher(...)],                      # what the header's search box looks through
    )

Readers (menu, home page, detail pages, the API, seed_demo, reports) ask the registry; no
module looks for other apps' modules by name. A related section is declared by the app that
owns the related model, so the page that shows it imports nothing of that app.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

# Rows shown per related section; the rest are one click away on the filtered list.
RELATED_SHOWN = 10


def _resolve(value):
    return import_string(value) if isinstance(value, str) else value


def _resolve_module(value):
    return import_module(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class RelatedSection:
    """Records of `model` pointing at the object of `on` through `via`, on that object's page.

    on          "partners.Organization": the detail page it appears on
    model       "meetings.Meeting": the related records (read through `visible_to`)
    via         the lookup from `model` to the object ("organization", "meeting__organization")
    table       dotted path of the app's table class; the `via` column is left out
    list_filter the list page's query parameter for the object (default: `via`); "" for none
    add_label   offered when the reader may add one: the create page, `?<via>=<pk>` filled in
    links       buttons to the owning app's own pages about the object: (url name taking the
                object's pk, permission, label), shown to readers holding the permission
    """

    on: str
    model: str
    via: str
    title: Any
    table: str
    order: int = 100
    list_filter: str | None = None
    add_label: Any = ""
    ordering: tuple[str | Any, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Shown only for objects this says yes to (coverage *by* an outlet on outlets' pages).
    when: Any = None
    # Left out when there is nothing to show (rather than "nothing recorded yet").
    hide_empty: bool = False
    links: tuple[tuple[str, str, Any], ...] = ()


@dataclass
class RelatedBlock:
    """A related section as a page shows it."""

    title: str
    table: Any
    count: int
    list_url: str | None = None
    add_url: str | None = None
    add_label: str = ""
    order: int = 100
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, label)


@dataclass(frozen=True)
class MonthlyFigure:
    """One figure of a monthly report, linked to the records behind it."""

    label: str
    value: int
    url: str = ""
    # "rial" for money (shown in the reader's rial/toman unit); "" for a count.
    unit: str = ""
    # Stable name of the figure ("held", "outcome.support_pledged"), whatever the language:
    # frozen reports are compared with live figures by section and figure key.
    key: str = ""


@dataclass
class MonthlySection:
    """One app's part of a province's report for one Jalali month."""

    title: str
    figures: list[MonthlyFigure]
    order: int = 100
    key: str = ""


def month_link(url_name: str, **query) -> str:
    """A monthly figure's link: the list page `url_name` filtered by `query` (empty values
    left out), or "" when there is no such page."""
    from urllib.parse import urlencode

    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


@dataclass(frozen=True)
class FeedItem:
    """A published item for the public site's pages and feeds: public by construction (an app
    contributes only what anyone may read without signing in)."""

    title: str
    summary: str
    url: str
    published_at: datetime.datetime
    kind: str = ""
    # Stable across edits and hosts ("event-12"), for feed ids and de-duplication.
    key: str = ""
    # Where it belongs: a province (None for national) and areas, for per-province/area pages.
    province_id: int | None = None
    area_ids: tuple[int, ...] = ()
    # When it takes place, for items that happen (an event's next session).
    starts_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Searcher:
    """A model the header's search box looks through (core.views.SiteSearchView): through the
    model's own filter set's `q` (so scope, Persian folding and the exact-match-only rule for
    personal fields are the list page's), for readers holding its view permission."""

    model: str  # "partners.Organization"
    filterset: str  # dotted path of its SafiranFilterSet
    title: Any = ""
    order: int = 100


@dataclass
class Contribution:
    app_label: str
    menu: list = field(default_factory=list)
    dashboard: Any = None
    api: Any = None
    demo: Any = None
    related: list[RelatedSection] = field(default_factory=list)
    monthly: Any = None
    feed: Any = None
    # A callable (or its dotted path) handing back the app's work left by a dead worker
    # (core.leases.recover_lost_work); returns how many rows it handed back.
    recover: Any = None
    # A callable (or its dotted path) that loads the app's reference data (provinces, areas,
    # spellings…) when its tables are empty: after `migrate` and after a test flushes the
    # database (browser and transaction tests), so later tests find what migrations loaded.
    reference: Any = None
    search: list[Searcher] = field(default_factory=list)


class Registry:
    def __init__(self):
        self._contributions: dict[str, Contribution] = {}

    def contribute(self, app_label: str, **parts) -> Contribution:
        """Called once per app from its `AppConfig.ready()`."""
        if app_label in self._contributions:
            raise ValueError(f"{app_label} contributed twice")
        contribution = self._contributions[app_label] = Contribution(app_label, **parts)
        return contribution

    def contributions(self) -> list[Contribution]:
        """In INSTALLED_APPS order, whatever order the apps became ready in."""
        order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
        return sorted(self._contributions.values(), key=lambda item: order.get(item.app_label, len(order)))

    def ensure_reference_data(self) -> None:
        for part in self.contributions():
            if part.reference is not None:
                _resolve(part.reference)()

    # menu and home page ------------------------------------------------------------------
    def menu_items(self) -> list:
        items = [item for part in self.contributions() for item in part.menu]
        return sorted(items, key=lambda item: item.order)

    def dashboards(self) -> list:
        return [part.dashboard for part in self.contributions() if part.dashboard is not None]

    def searchers(self) -> list[Searcher]:
        return sorted((s for part in self.contributions() for s in part.search), key=lambda s: s.order)

    # API ---------------------------------------------------------------------------------
    def api_routers(self) -> list[tuple[str, Any]]:
        return [pair for part in self.contributions() if part.api is not None for pair in _resolve(part.api)]

    # demo data ---------------------------------------------------------------------------
    def demo_modules(self) -> list[tuple[str, Any]]:
        """(app label, module with `seed(ctx)`) in dependency order."""
        return [(part.app_label, _resolve_module(part.demo)) for part in self.contributions() if part.demo is not None]

    # monthly reports and public feeds ------------------------------------------------------
    def monthly_sections(self, province, year: int, month: int) -> list[MonthlySection]:
        """Every app's section of `province`'s report for Jalali `year`/`month`, in order."""
        sections = []
        for part in self.contributions():
            if part.monthly is not None:
                sections.extend(_resolve(part.monthly)(province, year, month))
        return sorted(sections, key=lambda section: section.order)

    def feed_items(self, since: datetime.datetime | None = None) -> list[FeedItem]:
        items = [item for part in self.contributions() if part.feed is not None for item in _resolve(part.feed)(since)]
        return sorted(items, key=lambda item: item.published_at, reverse=True)

    # background work left by a dead worker (core.leases) ------------------------------------
    def recoveries(self) -> list[tuple[str, Any]]:
        return [(part.app_label, _resolve(part.recover)) for part in self.contributions() if part.recover is not None]

    # related sections ----------------------------------------------------------------------
    def related_for(self, model) -> list[RelatedSection]:
        label = model._meta.label
        sections = [section for part in self.contributions() for section in part.related if section.on == label]
        return sorted(sections, key=lambda section: section.order)

    def related_sections(self, obj, request) -> list[RelatedBlock]:
        """The sections shown on `obj`'s page to this reader: only models they may view, only
        records in their scope."""
        from .workflow import perm_name

        user, blocks = request.user, []
        for section in self.related_for(type(obj)):
            model = apps.get_model(section.model)
            if not user.has_perm(perm_name(model, "view")) or (section.when is not None and not section.when(obj)):
                continue
            queryset = model.objects.visible_to(user).filter(**{section.via: obj})
            if section.select_related:
                queryset = queryset.select_related(*section.select_related)
            if section.prefetch_related:
                queryset = queryset.prefetch_related(*section.prefetch_related)
            if section.ordering:
                queryset = queryset.order_by(*section.ordering)
            table_class = _resolve(section.table)
            column = section.via.split("__")[0]
            exclude = [column] if column in table_class.base_columns else []
            # The rows shown, read once: their cache serves the table's count and rows, and a
            # section with fewer rows than shown needs no COUNT of its own (a page with ten
            # sections ran three queries each).
            shown = queryset[:RELATED_SHOWN]
            rows = list(shown)
            count = len(rows) if len(rows) < RELATED_SHOWN else queryset.count()
            if section.hide_empty and not count:
                continue
            table = table_class(shown, request=request, exclude=exclude, orderable=False)
            list_filter = section.via if section.list_filter is None else section.list_filter
            blocks.append(RelatedBlock(
                title=str(section.title), table=table, count=count,
                list_url=_url(model.url_name("list"), list_filter, obj.pk) if list_filter else None,
                add_url=_url(model.url_name("create"), section.via, obj.pk)
                if section.add_label and user.has_perm(perm_name(model, "add")) else None,
                add_label=str(section.add_label), order=section.order,
                links=[(reverse(url_name, args=[obj.pk]), str(label)) for url_name, permission, label in section.links
                       if user.has_perm(permission)],
            ))
        return blocks


def _url(url_name: str, parameter: str, pk) -> str | None:
    try:
        return f"{reverse(url_name)}?{parameter}={pk}"
    except NoReverseMatch:
        return None


registry = Registry()
