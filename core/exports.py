"""XLSX exports: right-to-left sheets, Jalali dates (via the table's columns) and
spreadsheet-formula injection neutralised."""
import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from . import jalali

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_SHEET_TITLE = 31


def neutralise(value):
    """Make text inert in spreadsheets: a leading quote turns a would-be formula into text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell_value(value):
    """A value openpyxl can write and a Persian reader expects: dates and times in Jalali text
    (openpyxl refuses time-zone-aware datetimes), formulas neutralised."""
    if isinstance(value, datetime.datetime):
        return jalali.format_datetime(value, persian_digits=False)
    if isinstance(value, datetime.date):
        return jalali.format_date(value, persian_digits=False)
    return neutralise(value)


def build_workbook(title: str, header: list[str], rows: Iterable[Iterable]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:MAX_SHEET_TITLE])
    sheet.sheet_view.rightToLeft = True
    bold = Font(bold=True, name="Vazirmatn")
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(str(text)))
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_rows(table) -> tuple[list[str], Iterable[list]]:
    """Header and rows from a django-tables2 table, using each column's export `value`."""
    values = table.as_values(exclude_columns=[name for name, col in table.columns.items() if col.column.exclude_from_export])
    header = next(values)
    return [str(h) for h in header], values


def xlsx_response(filename_stem: str, title: str, header, rows) -> HttpResponse:
    stamp = jalali.format_date(timezone.localdate(), persian_digits=False).replace("/", "-")
    response = HttpResponse(build_workbook(title, header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.xlsx"'
    return response
