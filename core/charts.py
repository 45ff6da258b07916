"""Charts drawn from the figures a page already shows (docs/architecture.md#charts).

A `Chart` is data only: the page renders it with `{% chart chart %}` (core/templates/core/chart.html),
which writes a canvas that static/js/charts.js draws with the vendored Chart.js, and — unless the
page already has the same figures in a table — a table under it for screen readers, print and
anyone who prefers numbers. `None` is "not available" and is drawn as a gap, never as zero.
"""
from dataclasses import dataclass, field
from itertools import count

from django.utils.translation import gettext as _

_ids = count(1)


@dataclass
class Series:
    label: str
    values: list[float | int | None]

    def __post_init__(self):
        self.label = str(self.label)


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"  # "bar" or "line"
    unit: str = ""
    # False when the page already shows the same figures in a table next to the chart.
    with_table: bool = True

    def __post_init__(self):
        if self.kind not in ("bar", "line"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        self.title, self.unit = str(self.title), str(self.unit)
        self.labels = [str(label) for label in self.labels]
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(f"series {series.label!r} has {len(series.values)} values for {len(self.labels)} labels")
        self.element_id = f"chart-{next(_ids)}"
        self.data_id = f"{self.element_id}-data"

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(value is None for series in self.series for value in series.values)

    @property
    def rows(self) -> list[tuple[str, list]]:
        """(label, [value per series]) for the table."""
        return [(label, [series.values[index] for series in self.series]) for index, label in enumerate(self.labels)]

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "labels": self.labels,
            "datasets": [{"label": series.label, "data": series.values} for series in self.series],
            "unit": self.unit,
            "missing_label": _("not available"),
        }
