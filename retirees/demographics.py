"""The roster's demographics (D2): pre-aggregated counts, cross-tabs and their suppression.

After each import, `refresh_summary` re-counts the touched provinces at a few fixed grains
(sets of dimensions) into `DemographicCell`; a question is answered from the smallest grain
holding every dimension and filter it uses (thousands of rows instead of the whole roster),
else straight from the roster. Every read goes through `visible_to(user)`.
"""
import datetime
from dataclasses import dataclass, field
from itertools import pairwise

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import Gender
from core.display import number
from geo.models import County, Province

from .choices import Dimension, RosterEducation
from .models import Agency, DemographicCell, Retiree, RosterSettings

MAX_DIMENSIONS = 3
# Grains kept in the summary table; `province` is in every one so scope can be applied.
GRAINS = {
    1: ("province", "gender", "age_band", "education", "retirement_band"),
    2: ("province", "county", "gender", "age_band", "education"),
    3: ("province", "agency", "gender", "age_band", "education"),
    4: ("province", "field_of_study", "gender", "age_band", "education"),
    5: ("province", "specialty", "gender", "age_band", "education"),
}
COLUMN = {"province": "province_id", "county": "county_id", "agency": "agency_id"}
HIDDEN_MARK = "*"


def _band_case(date_field: str, limits: list[int], as_of: datetime.date):
    """The band number of a date: 0 below the first limit (in years before `as_of`), … len(limits) above the last."""
    whens = []
    for band, years in enumerate(limits):
        try:
            cutoff = as_of.replace(year=as_of.year - years)
        except ValueError:  # 29 February
            cutoff = as_of.replace(year=as_of.year - years, day=28)
        whens.append(When(**{f"{date_field}__gt": cutoff}, then=Value(band)))
    return Case(*whens, default=Value(len(limits)), output_field=IntegerField())


def annotate_bands(queryset, settings_row: RosterSettings, as_of: datetime.date):
    return queryset.annotate(
        age_band=_band_case("birth_date", settings_row.get_age_limits(), as_of),
        retirement_band=Case(
            When(retirement_date__isnull=True, then=Value(None)),
            default=_band_case("retirement_date", settings_row.get_retirement_limits(), as_of),
            output_field=IntegerField(),
        ),
    )


def refresh_summary(province_ids=None) -> None:
    """Re-count the summary for these provinces (all when None), in one transaction."""
    settings_row = RosterSettings.current()
    as_of = timezone.localdate()
    if province_ids is not None:
        province_ids = sorted(province_ids)
        if not province_ids:
            return
    roster = Retiree.objects.all()
    cells = DemographicCell.objects.all()
    if province_ids is not None:
        roster, cells = roster.filter(province_id__in=province_ids), cells.filter(province_id__in=province_ids)
    roster = annotate_bands(roster, settings_row, as_of)
    table = DemographicCell._meta.db_table
    with transaction.atomic():
        cells._raw_delete(cells.db)
        for grain, dimensions in GRAINS.items():
            # Aliased so the outer SELECT can name each column whatever order the inner one has.
            grouped = roster.values(**{f"g_{name}": F(name) for name in dimensions}).annotate(
                g_count=Count("pk"), g_keys=Sum("record_key")).order_by()
            sql, params = grouped.query.sql_with_params()
            blanks = [name for name in ("gender", "education", "field_of_study", "specialty") if name not in dimensions]
            targets = [COLUMN.get(name, name) for name in dimensions] + ["count", "key_sum"] + blanks
            sources = [f"grouped.g_{name}" for name in dimensions] + ["grouped.g_count", "grouped.g_keys"] + ["''"] * len(blanks)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (grain, {', '.join(targets)}) SELECT %s, {', '.join(sources)} FROM ({sql}) grouped",
                    [grain, *params],
                )
        RosterSettings.objects.filter(pk=settings_row.pk).update(summary_refreshed_at=timezone.now(), summary_as_of=as_of)


# --- questions ---------------------------------------------------------------------------

@dataclass
class Question:
    dimensions: list[str]
    filters: dict = field(default_factory=dict)  # dimension -> value


@dataclass
class CrossTab:
    dimensions: list[str]
    row_dimensions: list[str]
    column_dimension: str | None
    rows: list[dict]  # {"labels": [...], "cells": [int | None], "total": int | None}
    columns: list[str]
    column_totals: list
    total: object
    threshold: int
    hidden_count: int
    source: str  # "summary" or "roster"
    as_of: datetime.date | None
    perturbation_bound: int = 0  # every shown count is within this of the true count

    @property
    def note(self) -> str:
        """What the reader must know, the same on the page, in the XLSX and in the API."""
        return perturbation_note(self.threshold, self.perturbation_bound)

    def as_dict(self) -> dict:
        return {
            "dimensions": self.dimensions,
            "row_dimensions": self.row_dimensions,
            "column_dimension": self.column_dimension,
            "columns": self.columns,
            "rows": self.rows,
            "column_totals": self.column_totals,
            "total": self.total,
            "threshold": self.threshold,
            "hidden_cells": self.hidden_count,
            "source": self.source,
            "perturbation_bound": self.perturbation_bound,
            "note": self.note,
        }


def grain_for(needed: set[str]) -> int | None:
    fitting = [grain for grain, dims in GRAINS.items() if needed <= set(dims)]
    return min(fitting, key=lambda grain: len(GRAINS[grain])) if fitting else None


def counts(user, question: Question, settings_row: RosterSettings | None = None) -> tuple[dict, str]:
    """{(value, …) per dimension: (count, sum of record keys)} for the user's scope, and where it came from."""
    settings_row = settings_row or RosterSettings.current()
    dims = question.dimensions
    filters = {COLUMN.get(name, name): value for name, value in question.filters.items() if value not in (None, "")}
    grain = grain_for(set(dims) | set(question.filters) | {"province"})
    fields = [COLUMN.get(name, name) for name in dims]
    if grain is not None and settings_row.summary_as_of is not None:
        queryset = DemographicCell.objects.visible_to(user).filter(grain=grain, **filters)
        grouped = queryset.values_list(*fields).annotate(n=Sum("count"), k=Sum("key_sum")).order_by()
        source = "summary"
    else:
        queryset = annotate_bands(Retiree.objects.visible_to(user), settings_row, timezone.localdate()).filter(**filters)
        grouped = queryset.values_list(*fields).annotate(n=Count("pk"), k=Sum("record_key")).order_by()
        source = "roster"
    return {tuple(row[:-2]): (row[-2], row[-1]) for row in grouped}, source


def band_labels(limits: list[int]) -> list[str]:
    labels = [_("under %(age)s") % {"age": number(limits[0])}]
    labels += [f"{number(low)}–{number(high - 1)}" for low, high in pairwise(limits)]
    labels.append(_("%(age)s and over") % {"age": number(limits[-1])})
    return labels


class Labeller:
    """Readable names and a natural order for each dimension's values."""

    def __init__(self, settings_row: RosterSettings, values: dict[str, set]):
        self.names = {
            "gender": dict(Gender.choices),
            "education": dict(RosterEducation.choices),
            "age_band": dict(enumerate(band_labels(settings_row.get_age_limits()))),
            "retirement_band": dict(enumerate(band_labels(settings_row.get_retirement_limits()))),
        }
        self.order = {
            "gender": {value: index for index, value in enumerate(Gender.values)},
            "education": {value: index for index, value in enumerate(RosterEducation.values)},
        }
        lookups = {"province": Province, "county": County, "agency": Agency}
        for name, model in lookups.items():
            if name in values:
                self.names[name] = dict(model.objects.filter(pk__in=[v for v in values[name] if v]).values_list("pk", "name"))

    def label(self, dimension: str, value) -> str:
        if value in (None, ""):
            return _("not recorded")
        names = self.names.get(dimension)
        return str(names.get(value, value)) if names is not None else str(value)

    def sort_key(self, dimension: str, value):
        if value in (None, ""):
            return (2, 0, "")
        if dimension in ("age_band", "retirement_band"):
            return (0, value, "")
        if dimension in self.order:
            return (0, self.order[dimension].get(value, 99), "")
        return (1, 0, self.label(dimension, value))


def perturbation_note(threshold: int, bound: int) -> str:
    return _("Numbers have been moved slightly to protect privacy (each by at most %(bound)s); totals may not add up "
             "exactly. Cells marked %(mark)s are hidden: counts under %(threshold)s, and cells that would reveal them.") % {
        "bound": number(bound), "mark": HIDDEN_MARK, "threshold": number(threshold)}


def cross_tab(user, question: Question) -> CrossTab:
    """The table for a question, as every page, export and the API show it: small counts (and
    the cells that would reveal them) hidden, every shown count perturbed by its cell key."""
    from .perturbation import bound, perturb
    from .suppression import augmented, suppress

    settings_row = RosterSettings.current()
    dims = question.dimensions
    data, source = counts(user, question, settings_row)
    values = {name: {key[index] for key in data} for index, name in enumerate(dims)}
    labeller = Labeller(settings_row, values)
    if len(dims) == 1:
        row_dims, column_dim = dims, None
        row_keys = sorted({key for key in data}, key=lambda key: labeller.sort_key(dims[0], key[0]))
        column_keys = [None]
        matrix = [[data[key]] for key in row_keys]
    else:
        row_dims, column_dim = dims[:-1], dims[-1]
        row_keys = sorted({key[:-1] for key in data}, key=lambda key: [labeller.sort_key(d, v) for d, v in zip(row_dims, key, strict=False)])
        column_keys = sorted({key[-1] for key in data}, key=lambda value: labeller.sort_key(column_dim, value))
        matrix = [[data.get(row + (column,), (0, 0)) for column in column_keys] for row in row_keys]
    threshold, table_name = settings_row.suppression_threshold, settings_row.perturbation
    if not matrix:
        return CrossTab(dims, row_dims, column_dim, [], [], [], 0, threshold, 0, source, settings_row.summary_as_of,
                        bound(table_name))
    table = suppress([[cell[0] for cell in line] for line in matrix], threshold)
    # Totals are cells too: each is perturbed by its own people's keys, not summed from noisy cells.
    keys = augmented([[cell[1] for cell in line] for line in matrix])
    full = augmented(table.cells)
    n_rows, n_columns = table.shape

    def shown(i, j):
        return None if (i, j) in table.hidden else perturb(full[i][j], keys[i][j], table_name)

    rows = []
    for i, key in enumerate(row_keys):
        rows.append({
            "labels": [labeller.label(d, v) for d, v in zip(row_dims, key, strict=False)],
            "cells": [shown(i, j) for j in range(n_columns)],
            "total": shown(i, n_columns),
        })
    hidden = sum(1 for (i, j) in table.hidden if i < n_rows and j < n_columns)
    return CrossTab(
        dimensions=dims,
        row_dimensions=row_dims,
        column_dimension=column_dim,
        rows=rows,
        columns=[labeller.label(column_dim, value) for value in column_keys] if column_dim else [_("Count")],
        column_totals=[shown(n_rows, j) for j in range(n_columns)],
        total=shown(n_rows, n_columns),
        threshold=threshold,
        hidden_count=hidden,
        source=source,
        as_of=settings_row.summary_as_of,
        perturbation_bound=bound(table_name),
    )


def dimension_label(name: str) -> str:
    return str(Dimension(name).label)


def export_rows(tab: CrossTab) -> tuple[list[str], list[list]]:
    """Header and rows for the XLSX export: hidden cells stay hidden."""
    def show(value):
        return HIDDEN_MARK if value is None else value

    header = [dimension_label(d) for d in tab.row_dimensions] + list(tab.columns)
    if tab.column_dimension:
        header.append(_("Total"))
    body = []
    for row in tab.rows:
        line = list(row["labels"]) + [show(v) for v in row["cells"]]
        if tab.column_dimension:
            line.append(show(row["total"]))
        body.append(line)
    total_line = [_("Total")] + [""] * (len(tab.row_dimensions) - 1) + [show(v) for v in tab.column_totals]
    if tab.column_dimension:
        total_line.append(show(tab.total))
    body.append(total_line)
    body.append([])
    body.append([tab.note])
    return header, body
