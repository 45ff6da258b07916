"""Importing indicator values from Excel, with the roster's convention: every rejected row
comes back with its line and reason (on the page and as a workbook), nothing is half-written.

The upload is checked in the request by the roster's guards (retirees.xlsx_guard: a 1.5 KB
file can declare a million rows), then read by the task worker (indicators.tasks), streamed
row by row with openpyxl's read-only reader. Rows go through `services.value_record` — the same rules
as the form — inside one transaction, each in a savepoint: a refused row is rolled back alone
and reported; an unexpected error rolls the whole import back.
"""
import datetime
import tempfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core import jalali
from core.normalize import normalize_text, search_key
from core.services import WorkflowError
from geo.models import County, Province
from partners.models import Organization
from retirees.xlsx_guard import XlsxTooLarge, check_xlsx, probe_xlsx

from . import periods, services
from .choices import SourceKind
from .forms import parse_figure
from .models import Indicator, Website, site_of

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000
# How often (in rows) a worker's run asks whether a person cancelled it: one small query each
# time; the run also asks once more before it commits (services.valueimport_run).
CANCEL_CHECK_ROWS = 100

# Column names a file may use (Persian as the template writes them, or English), by field.
COLUMNS = {
    "indicator": ("شاخص", "indicator"),
    "province": ("استان", "province"),
    "county": ("شهرستان", "county"),
    "period": ("دوره", "period"),
    "value": ("مقدار", "value"),
    "not_available_reason": ("علت ناموجود بودن", "not available reason"),
    "organization": ("سازمان منبع", "source organisation", "source organization"),
    "letter_number": ("شماره نامه", "letter number"),
    "letter_date": ("تاریخ نامه", "letter date"),
    "url": ("نشانی وب", "url", "web address"),
    "retrieved_on": ("تاریخ برداشت", "date retrieved", "retrieved on"),
    "comment": ("توضیح", "comment"),
}
REQUIRED = ("indicator", "province", "period")
TEMPLATE_HEADER = [names[0] for names in COLUMNS.values()]


class ImportRefused(ValueError):
    """The whole file is refused (not an Excel file, too large, no usable columns)."""


class ImportCancelled(Exception):
    """A person cancelled the import while it ran: everything it wrote is rolled back."""


@dataclass
class Rejected:
    line: int
    reason: str
    values: list


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value)).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return jalali.parse_date(_text(value))


class Lookups:
    """Names in the file → records this user may use (read through their scope)."""

    def __init__(self, user):
        self.user = user
        self.indicators = {search_key(i.name): i for i in Indicator.objects.visible_to(user).filter(active=True)}
        self.provinces = {}
        for province in Province.objects.visible_to(user):
            self.provinces[search_key(province.name)] = province
            self.provinces[province.code] = province
        self._counties: dict[int, dict[str, County]] = {}
        self.organizations = {}
        for organization in Organization.objects.assignable_by(user).only("pk", "name", "province_id"):
            self.organizations.setdefault((organization.province_id, search_key(organization.name)), organization)
        self.websites = {}
        for website in Website.objects.visible_to(user):
            self.websites.setdefault(site_of(website.url), website)

    def counties(self, province) -> dict[str, County]:
        if province.pk not in self._counties:
            self._counties[province.pk] = {search_key(c.name): c for c in County.objects.filter(province=province)}
        return self._counties[province.pk]


def header_positions(header: list) -> dict[str, int]:
    keys = [search_key(_text(name)) for name in header]
    positions = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            if search_key(spelling) in keys:
                positions[name] = keys.index(search_key(spelling))
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in positions]
    if missing or ("value" not in positions and "not_available_reason" not in positions):
        raise ImportRefused(_("The file lacks these columns: %(columns)s. Download the template and copy the figures "
                              "into it.") % {"columns": "، ".join(missing or [COLUMNS["value"][0]])})
    return positions


def row_arguments(row: dict, lookups: Lookups) -> dict:
    """One row as value_record's arguments; ValueError with the reason when it cannot be."""
    indicator = lookups.indicators.get(search_key(row["indicator"]))
    if indicator is None:
        raise ValueError(_("No indicator named “%(name)s” that you may enter values for.") % {"name": row["indicator"]})
    province = lookups.provinces.get(search_key(row["province"])) or lookups.provinces.get(row["province"])
    if province is None:
        raise ValueError(_("The province “%(name)s” is not one you may enter values for.") % {"name": row["province"]})
    if indicator.province_id not in (None, province.pk):
        raise ValueError(_("This provincial indicator belongs to another province."))
    county = None
    if row.get("county"):
        county = lookups.counties(province).get(search_key(row["county"]))
        if county is None:
            raise ValueError(_("No county “%(name)s” in %(province)s.") % {"name": row["county"], "province": province})
    try:
        period = periods.parse(row["period"], indicator.period_type)
    except periods.PeriodError as error:
        raise ValueError(str(error)) from None
    try:
        value = parse_figure(row.get("value"))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": row.get("value")}) from None
    reason = row.get("not_available_reason") or ""
    if value is None and not reason:
        raise ValueError(_("Neither a value nor why it is not available: an empty cell is not taken as zero."))
    if value is not None and reason:
        raise ValueError(_("Both a value and a reason it is not available: keep one of the two."))
    arguments = {"indicator": indicator, "province": province, "county": county, "period": period, "value": value,
                 "not_available": value is None, "not_available_reason": reason, "comment": row.get("comment") or ""}
    if row.get("organization"):
        organization = lookups.organizations.get((province.pk, search_key(row["organization"])))
        if organization is None:
            raise ValueError(_("No organisation named “%(name)s” in %(province)s.") % {"name": row["organization"],
                                                                                       "province": province})
        if not row.get("letter_number") or not row.get("letter_date"):
            raise ValueError(_("An organisation's figure needs the letter's number and date."))
        arguments.update(source_kind=SourceKind.ORGANIZATION, organization=organization,
                         letter_number=row["letter_number"], letter_date=_date_or_reason(row["letter_date"]))
    elif row.get("url"):
        if not row.get("retrieved_on"):
            raise ValueError(_("A website's figure needs the date it was read."))
        arguments.update(source_kind=SourceKind.WEBSITE, url=row["url"], retrieved_on=_date_or_reason(row["retrieved_on"]),
                         website=lookups.websites.get(site_of(row["url"])))
    else:
        raise ValueError(_("No source: give the organisation with its letter, or the website's address."))
    return arguments


def _date_or_reason(value):
    try:
        return _date(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date; write it as 1404/07/15.") % {"value": value}) from None


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def check_file(path) -> None:
    """The roster's guards, before any row is read: declared size, actual sheet size and
    compression ratio (a 1.5 KB file can declare a million rows). ImportRefused with the reason."""
    try:
        _headers, declared = probe_xlsx(path)
        if declared > MAX_ROWS:
            raise ImportRefused(_("The file declares %(rows)s rows; at most %(max)s can be imported at once. Split "
                                  "it into several files.") % {"rows": f"{declared:,}", "max": f"{MAX_ROWS:,}"})
        check_xlsx(path)
    except XlsxTooLarge as error:
        raise ImportRefused(str(error)) from None
    except (OSError, KeyError, ValueError) as error:
        if isinstance(error, ImportRefused):
            raise
        raise ImportRefused(_("This file cannot be read as Excel. Save it again as .xlsx.")) from None


def import_file(path, user, *, cancelled=None) -> ImportResult:
    """Check the file at `path`, then record every row it can (in one transaction, a savepoint
    per row); the others come back with their reasons. Run by the task worker; `cancelled()`,
    asked every CANCEL_CHECK_ROWS rows, True stops it with ImportCancelled (nothing kept)."""
    check_file(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError):
        raise ImportRefused(_("This file cannot be read as Excel. Save it again as .xlsx.")) from None
    try:
        return _import_rows(workbook.worksheets[0].iter_rows(values_only=True), user, cancelled=cancelled)
    finally:
        workbook.close()


def import_values(upload, user) -> ImportResult:
    """The same for an uploaded file (a temporary copy is read)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return import_file(handle.name, user)


def _import_rows(rows, user, *, cancelled=None) -> ImportResult:
    result = ImportResult()
    lookups = Lookups(user)
    header = next(rows, None)
    if header is None:
        raise ImportRefused(_("The file is empty."))
    positions = header_positions(list(header))
    result.header = [_text(name) for name in header]
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for line, cells in enumerate(rows, start=2):
            if line > MAX_ROWS + 1:
                raise ImportRefused(_("The file has more than %(max)s rows; split it into several files.")
                                    % {"max": f"{MAX_ROWS:,}"})
            if cancelled is not None and line % CANCEL_CHECK_ROWS == 0 and cancelled():
                raise ImportCancelled
            cells = list(cells)
            if not any(_text(cell) for cell in cells):
                continue
            row = {name: (cells[index] if index < len(cells) else None) for name, index in positions.items()}
            row = {name: (value if name in ("value", "letter_date", "retrieved_on") else _text(value))
                   for name, value in row.items()}
            values = [_text(cell) for cell in cells]
            try:
                arguments = row_arguments(row, lookups)
                key = (arguments["indicator"].pk, arguments["province"].pk, getattr(arguments["county"], "pk", None),
                       arguments["period"].key, arguments.get("organization") and arguments["organization"].pk,
                       site_of(arguments.get("url") or ""))
                if key in seen:
                    raise ValueError(_("The same indicator, place, period and source as line %(line)s.")
                                     % {"line": seen[key]})
                seen[key] = line
                with transaction.atomic():
                    before = _existing_state(arguments)
                    saved = services.value_record(user, **arguments)
                if before is None:
                    result.created += 1
                elif before == _state(saved):
                    result.unchanged += 1
                else:
                    result.updated += 1
            except (ValueError, WorkflowError) as error:
                result.rejected.append(Rejected(line, str(error), values))
            except ValidationError as error:
                result.rejected.append(Rejected(line, _messages(error), values))
    return result


def _existing_state(arguments):
    from .models import IndicatorValue

    draft = IndicatorValue(indicator=arguments["indicator"], province=arguments["province"], county=arguments["county"],
                           source_kind=arguments.get("source_kind"), organization=arguments.get("organization"),
                           url=arguments.get("url") or "")
    draft.set_keys()
    found = IndicatorValue.objects.filter(indicator=arguments["indicator"], place_key=draft.place_key,
                                          period_key=arguments["period"].key, source_key=draft.source_key).first()
    return _state(found) if found else None


def _state(value) -> tuple:
    return (value.value, value.not_available, value.not_available_reason, value.comment, value.letter_number,
            value.letter_date, value.url, value.retrieved_on)


def rejects_workbook(header: list[str], rejected: list[dict]) -> bytes:
    """The rejected rows, each with its line and reason before the file's own columns."""
    from core.exports import build_workbook

    rows = [[item["line"], item["reason"], *item["values"]] for item in rejected]
    return build_workbook(_("Rejected rows"), [_("Line"), _("Reason"), *header], rows)


def template_workbook() -> bytes:
    from core.exports import build_workbook

    example = ["", "", "", "1404-07", "", "", "", "", "", "", "", ""]
    return build_workbook(_("Indicator values"), TEMPLATE_HEADER, [example])
