"""Table columns that speak Persian: Jalali dates and Persian digits, on screen and in exports."""
import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as tables_utils
from django_tables2.columns import ManyToManyColumn, library
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, AttributeDict

from . import display, jalali
from .money import RIALS_PER_UNIT, UNIT_LABELS, unit_for

_signature = tables_utils.signature
_signatures: dict = {}


def _remembered_signature(fn):
    """django_tables2 inspects the signature of each column's render function for every cell
    (a third of a list page's time, issue 14); a function's signature does not change."""
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    try:
        return _signatures[key]
    except KeyError:
        if len(_signatures) > 10_000:  # functions made on the fly (lambdas) must not pile up
            _signatures.clear()
        value = _signatures[key] = _signature(fn)
        return value
    except TypeError:  # unhashable
        return _signature(fn)


tables_utils.signature = _remembered_signature


@library.register
class JalaliDateColumn(tables.Column):
    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def render(self, value):
        return jalali.format_date(value)

    def value(self, value):
        return jalali.format_date(value)


@library.register
class JalaliDateTimeColumn(tables.Column):
    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)

    def render(self, value):
        return jalali.format_datetime(value)

    def value(self, value):
        return jalali.format_datetime(value)


@library.register
class NumberColumn(tables.Column):
    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)) and not field.choices:
            return cls(attrs={"td": {"class": "text-nowrap"}}, **kwargs)

    def render(self, value):
        return display.number(value)

    def value(self, value):
        return value


@library.register
class MoneyColumn(tables.Column):
    """Rials stored; shown and exported in the viewer's unit, which the header names."""

    unit = "rial"

    @classmethod
    def from_field(cls, field, **kwargs):
        if getattr(field, "is_money", False):
            return cls(attrs={"td": {"class": "text-nowrap"}}, **kwargs)

    def render(self, value):
        return display.money(value, self.unit)

    def value(self, value):
        if value is None:
            return None
        amount, remainder = divmod(value, RIALS_PER_UNIT[self.unit])
        return amount if not remainder else value / RIALS_PER_UNIT[self.unit]


@library.register
class YesNoColumn(tables.Column):
    """Booleans as words (not tick glyphs a screen reader cannot name), on screen and in exports."""

    @classmethod
    def from_field(cls, field, **kwargs):
        if isinstance(field, models.BooleanField):
            return cls(**kwargs)

    def render(self, value):
        return _("Yes") if value else _("No")

    def value(self, value):
        return str(self.render(value))


class DigitsColumn(tables.Column):
    """Codes and phone numbers: Persian digits on screen, left-to-right, no grouping."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"dir": "ltr", "class": "text-end text-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return display.digits(value)

    def value(self, value):
        return value


class ManyColumn(tables.ManyToManyColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("separator", "، ")
        super().__init__(*args, **kwargs)


# Secondary columns are hidden on phones (360 px) and shown from tablets up.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class SafiranTable(tables.Table):
    """Base table: the first column links to the object's page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._money_verbose_names = {bound.name: bound.verbose_name for bound in self.columns.all()
                                     if isinstance(bound.column, MoneyColumn)}
        self.show_money_to(getattr(getattr(self, "request", None), "user", None))

    def before_render(self, request):
        # A list view hands the request over only after construction.
        super().before_render(request)
        self.show_money_to(getattr(request, "user", None))

    def show_money_to(self, user):
        """Money columns in this person's unit (rial or toman), named in their header."""
        unit = unit_for(user)
        for name, label in self._money_verbose_names.items():
            column = self.columns[name].column
            column.unit = unit
            column.verbose_name = _("%(label)s (%(unit)s)") % {"label": label, "unit": UNIT_LABELS[unit]}

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "table table-hover align-middle"}
        per_page = 25
        empty_text = _("Nothing found. Change the search or the filters.")


def _has_callables(*attr_specs) -> bool:
    return any(callable(value) for spec in attr_specs for value in (spec or {}).values())


_CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


class _Cells:
    """One column's cells as django_tables2's `BoundRow.get_cell` computes them — the value by
    the accessor (a choice field's display text), the default for an empty value, the column's
    or the table's `render_*` called with the arguments it names, the link — with what it works
    out again for every cell (two accessor objects and their splitting, the model field, the
    render function's signature) worked out once per column."""

    def __init__(self, bound_column):
        column = bound_column.column
        self.bound_column, self.column = bound_column, column
        self.accessor = Accessor(bound_column.accessor)
        path, _separator, self.remainder = self.accessor.rpartition(self.accessor.SEPARATOR)
        self.path = Accessor(path)
        self.default = bound_column.default
        self.empty_values = column.empty_values
        self.many = isinstance(column, ManyToManyColumn)
        self.text_link = isinstance(column, BaseLinkColumn) and column.text is not None
        self.render, self.link = bound_column.render, bound_column.link
        # A link whose attributes are fixed: written around the content directly (LinkTransform
        # builds and writes the same attributes for every cell).
        link_attrs = getattr(self.link, "attrs", None) or {}
        self.fixed_link = isinstance(self.link, LinkTransform) and not _has_callables(link_attrs) and "href" not in link_attrs
        if self.fixed_link:
            fixed = AttributeDict(dict(link_attrs)).as_html()
            self.link_prefix = fixed + " " if fixed else ""
        names, keywords = tables_utils.signature(self.render)
        # call_with_appropriate: every argument when it takes **kwargs; else exactly those it
        # names, and not called at all (None) when it names one that is not offered.
        self.wanted = None if keywords else names
        self.callable = keywords is not None or all(name in _CELL_ARGUMENTS for name in names)
        self.fields = {}

    def _choices_field(self, record):
        kind = type(record)
        if kind not in self.fields:
            field = self.accessor.get_field(record)
            self.fields[kind] = bool(getattr(field, "choices", ()))
        return self.fields[kind]

    def cell(self, row):
        record = row.record
        value, remainder = None, self.remainder
        penultimate = self.path.resolve(record, quiet=True)
        if isinstance(penultimate, models.Model):
            try:
                display = getattr(penultimate, f"get_{remainder}_display", None)
                if display and self._choices_field(record):
                    value, remainder = display(), None
            except FieldDoesNotExist:
                pass
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.text_link:
                    return self._render(row, record, None)
        if value in self.empty_values or (self.many and not value.exists()):
            return self.default
        return self._render(row, record, value)

    def _render(self, row, record, value):
        arguments = {"value": value, "record": record, "column": self.column, "bound_column": self.bound_column,
                     "bound_row": row, "table": row.table}
        if not self.callable:
            content = None
        elif self.wanted is None:
            content = self.render(**arguments)
        else:
            content = self.render(**{name: arguments[name] for name in self.wanted})
        if not self.link:
            return content
        if self.fixed_link:
            href = self.link.compose_url(**arguments)
            if href is None:
                return content
            return format_html('<a {}href="{}">{}</a>', self.link_prefix, href, content)
        return self.link(content, **arguments)


def rows_html(table) -> str:
    """The table's body rows, written here rather than by django_tables2's template: the same
    HTML as its `table.tbody` block (rows' and cells' attributes, `render_*` methods, links,
    localisation, escaping), at a fraction of the cost — the template engine drew every cell
    through half a dozen nodes and `get_cell` worked the column out again for each: half of a
    list page's CPU at national scale (issue 14). Tested against the template on every list."""
    columns = list(table.columns)
    cells = [_Cells(column) for column in columns]
    # A cell's attributes depend on its value only when a column's or the table's td/cell
    # attributes are callables; otherwise they are the same for every row: written once.
    table_attrs = table.attrs or {}
    fixed_td = {}
    for column in columns:
        spec = dict(column.column.attrs or {})
        if not _has_callables(table_attrs.get("td"), table_attrs.get("cell"), spec.get("td"), spec.get("cell")):
            fixed_td[column.name] = column.attrs["td"].as_html()
    row_attrs_fixed = not _has_callables(table.row_attrs)
    parts = []
    row_attrs = {}
    for row in table.paginated_rows:
        if row_attrs_fixed:
            # Only the even/odd class changes between rows.
            parity = row.get_even_odd_css_class()
            if parity not in row_attrs:
                row_attrs[parity] = row.attrs.as_html()
            parts.append(f"<tr {row_attrs[parity]}>")
        else:
            parts.append(f"<tr {row.attrs.as_html()}>")
        plain = type(row) is BoundRow  # a pinned row computes its cells its own way
        for column, computed in zip(columns, cells, strict=True):
            cell = computed.cell(row) if plain else row.get_cell(column.name)
            # As BoundRow.items() does: a callable td attribute may read the cell's value.
            column.current_value, column.current_record = cell, row.record
            td = fixed_td.get(column.name)
            if td is None:
                td = column.attrs["td"].as_html()
            cell = template_localtime(cell)
            cell = localize(cell) if column.localize is None else localize(cell, use_l10n=column.localize)
            parts.append(f"<td {td}>{conditional_escape(cell)}</td>")
        parts.append("</tr>")
    if not parts and table.empty_text:
        parts.append(f'<tr><td colspan="{len(columns)}">{conditional_escape(table.empty_text)}</td></tr>')
    return mark_safe("".join(parts))
