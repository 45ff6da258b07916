"""Totals pages: a model's filtered rows summed by a grouping (outlet, area, Jalali month, …).

The list page's filter set narrows the rows, so a totals page and its list always agree;
scope comes from `visible_to` as everywhere else. Measures must be additive (Count, Sum):
Jalali months are folded from per-day sums.
"""
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Aggregate, F
from django_filters.views import FilterView
from ninja import Schema

from . import display, jalali
from .cache import cached
from .charts import Chart, Series
from .db import read_replica
from .views import ScopedViewMixin


@dataclass
class Measure:
    label: str
    aggregate: Aggregate
    show: Callable[[object], str] = display.number


@dataclass
class TotalsRow:
    label: str
    cells: list[str]
    url: str | None = None
    values: list = field(default_factory=list)  # the cells' raw numbers, for the chart


@dataclass
class TotalsGroup:
    title: str
    label_header: str
    measures: list[Measure]
    rows: list[TotalsRow] = field(default_factory=list)
    footer: list[str] | None = None
    chronological: bool = False  # rows are months, newest first: drawn as a line, oldest first

    @property
    def chart(self) -> Chart | None:
        """The first measure drawn (the table under it stays the screen readers' source)."""
        if len(self.rows) < 2 or not self.measures:
            return None
        rows = list(reversed(self.rows)) if self.chronological else self.rows
        return Chart(
            title=self.title, labels=[row.label for row in rows],
            series=[Series(self.measures[0].label, [row.values[0] if row.values else None for row in rows])],
            kind="line" if self.chronological else "bar", with_table=False,
        )

    def __post_init__(self):
        # Plain strings in the language of the request (labels are often lazy).
        self.title, self.label_header = str(self.title), str(self.label_header)

    @property
    def header(self) -> list[str]:
        return [self.label_header, *(str(measure.label) for measure in self.measures)]


class TotalsRowOut(Schema):
    label: str
    cells: list[str]


class TotalsGroupOut(Schema):
    """A totals group in the API: the same rows the page shows."""

    title: str
    header: list[str]
    rows: list[TotalsRowOut]
    footer: list[str] | None


def _cells(measures, values: dict) -> list[str]:
    return [measure.show(values.get(f"m{index}") or 0) for index, measure in enumerate(measures)]


def _values(measures, values: dict) -> list:
    return [values.get(f"m{index}") or 0 for index in range(len(measures))]


def _annotations(measures) -> dict:
    return {f"m{index}": measure.aggregate for index, measure in enumerate(measures)}


def grand_total(queryset, measures) -> list[str]:
    return _cells(measures, queryset.aggregate(**_annotations(measures)))


def totals_by(queryset, key: str, label: str, measures, *, title, label_header, empty_label="—", url=None) -> TotalsGroup:
    """One row per value of `key` (e.g. "outlet"), labelled by `label` (e.g. "outlet__name").

    `url(key_value)` may link a row to the filtered list. Over a many-to-many key a row
    can count in several groups, so the footer is the total of the rows themselves.
    """
    rows = (
        queryset.order_by()
        .values(key, label)
        .annotate(**_annotations(measures))
        .order_by(F(label).asc(nulls_last=True))  # "no area" and the like come last, on every database
    )
    group = TotalsGroup(title=title, label_header=label_header, measures=list(measures))
    for row in rows:
        value = row[key]
        group.rows.append(
            TotalsRow(
                label=str(row[label]) if value is not None else str(empty_label),
                cells=_cells(measures, row),
                url=url(value) if url and value is not None else None,
                values=_values(measures, row),
            )
        )
    group.footer = grand_total(queryset, measures)
    return group


def totals_by_jalali_month(queryset, date_field: str, measures, *, title, label_header) -> TotalsGroup:
    """One row per Jalali month, newest first (days are summed in the database, months here)."""
    per_day = queryset.order_by().values(date_field).annotate(**_annotations(measures))
    months: dict[tuple[int, int], dict] = {}
    for row in per_day:
        if row[date_field] is None:
            continue
        month = jalali.month_of(row[date_field])
        bucket = months.setdefault(month, {})
        for name in _annotations(measures):
            bucket[name] = bucket.get(name, 0) + (row[name] or 0)
    group = TotalsGroup(title=title, label_header=label_header, measures=list(measures), chronological=True)
    for (year, month), values in sorted(months.items(), reverse=True):
        group.rows.append(TotalsRow(label=jalali.format_month(year, month), cells=_cells(measures, values),
                                    values=_values(measures, values)))
    group.footer = grand_total(queryset, measures)
    return group


def _drawn(group: TotalsGroup) -> TotalsGroup:
    """The group as the page draws it, fit to keep in the cache: the measures' labels only (their
    aggregate expressions and formatting functions were used up making the rows)."""
    measures = [dataclasses.replace(measure, label=str(measure.label), aggregate=None, show=display.number)
                for measure in group.measures]
    return dataclasses.replace(group, measures=measures)


class ObjectTotalsView(ScopedViewMixin, FilterView):
    """A totals page over the model's list filters. Subclasses implement `get_groups(queryset)`."""

    template_name = "core/object_totals.html"
    title = ""
    search_placeholder = ""

    def get_groups(self, queryset) -> list[TotalsGroup]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # FilterView has filtered the rows (none when the filters are invalid). Sums over many
        # rows: read from the replica when there is one (core.db).
        def sum_up():
            with read_replica():
                return self.get_groups(self.object_list)

        if any(self.request.GET.values()):
            groups = sum_up()
        else:
            # As first opened (no filter): the same sums until the next write (core.cache), per
            # person since the rows are their scope's — a national admin's totals sum the whole
            # country's rows (a third of a second). Filtered sums are not kept: what an address
            # asks for cannot fill the cache.
            groups = cached(("totals", type(self).__qualname__, self.request.user.pk),
                            lambda: [_drawn(group) for group in sum_up()])
        context.update(title=self.title, groups=groups, search_placeholder=self.search_placeholder)
        return context
