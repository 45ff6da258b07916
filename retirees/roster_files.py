"""Reading roster files as the pension fund exports them: CSV (UTF-8, UTF-16 or Windows-1256, any of
, ; tab |) and XLSX (python-calamine, ~10× faster than openpyxl), one row at a time, with
their headers mapped to roster fields in Persian or English."""
import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.normalize import search_key

# Roster fields an import can fill, with their labels for the mapping screen.
FIELDS = {
    "national_code": _("national code"),
    "first_name": _("first name"),
    "last_name": _("last name"),
    "gender": _("gender"),
    "birth_date": _("birth date"),
    "retirement_date": _("retirement date"),
    "province": _("province"),
    "county": _("county"),
    "education": _("education"),
    "field_of_study": _("field of study"),
    "specialty": _("specialty / last job title"),
    "agency": _("former agency"),
    "mobile": _("mobile"),
    "consent_contact": _("consents to be contacted"),
    "consent_children": _("consents to recording children"),
}
REQUIRED_FIELDS = ("national_code", "first_name", "last_name", "gender", "birth_date")

# Header spellings seen in the fund's exports; compared through search_key, so ی/ي, ک/ك,
# spaces, half-spaces, underscores and case do not matter.
HEADER_SYNONYMS = {
    "national_code": ["کد ملی", "شماره ملی", "کد ملی بازنشسته", "national code", "national id", "nationalcode", "nid"],
    "first_name": ["نام", "first name", "firstname", "given name", "name"],
    "last_name": ["نام خانوادگی", "فامیلی", "last name", "lastname", "surname", "family name"],
    "gender": ["جنسیت", "جنس", "gender", "sex"],
    "birth_date": ["تاریخ تولد", "birth date", "date of birth", "birthdate", "dob"],
    "retirement_date": ["تاریخ بازنشستگی", "retirement date", "retired on", "retirementdate"],
    "province": ["استان", "استان محل سکونت", "province"],
    "county": ["شهرستان", "شهرستان محل سکونت", "county"],
    "education": ["تحصیلات", "مدرک تحصیلی", "مقطع تحصیلی", "آخرین مدرک تحصیلی", "education", "education level", "degree"],
    "field_of_study": ["رشته تحصیلی", "رشته", "field of study", "field", "major"],
    "specialty": ["تخصص", "عنوان شغل", "عنوان شغلی", "آخرین عنوان شغلی", "شغل", "specialty", "job title", "last job title"],
    "agency": ["دستگاه", "دستگاه محل خدمت", "آخرین دستگاه محل خدمت", "دستگاه اجرایی", "agency", "former agency", "employer"],
    "mobile": ["تلفن همراه", "شماره همراه", "موبایل", "همراه", "mobile", "mobile number", "cell phone", "phone"],
    "consent_contact": ["رضایت تماس", "رضایت به تماس", "consent to contact", "consent contact"],
    "consent_children": ["رضایت ثبت فرزندان", "consent children", "consent to record children"],
}


def _key(text) -> str:
    return search_key(str(text or "")).replace("_", "").replace("-", "")


_SYNONYM_INDEX = {_key(spelling): field for field, spellings in HEADER_SYNONYMS.items() for spelling in spellings + [field]}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{header: field} for the headers we recognise; each field taken once."""
    mapping, taken = {}, set()
    for header in headers:
        field = _SYNONYM_INDEX.get(_key(header))
        if field and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


@dataclass
class RosterFile:
    """The rows of one file: `headers`, an estimate of `total_rows`, and `rows()`."""

    path: Path
    headers: list[str]
    total_rows: int
    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    def rows(self) -> Iterator[tuple[str, int, list]]:
        """(sheet name or "", line number as a person counts it, cell values), header excluded."""
        if self.kind == "csv":
            with open(self.path, newline="", encoding=self.encoding) as handle:
                reader = csv.reader(handle, delimiter=self.delimiter)
                try:
                    next(reader, None)
                    for values in reader:
                        if any(values):
                            yield "", reader.line_num, values
                except csv.Error as error:  # e.g. a field longer than csv.field_size_limit()
                    raise RosterFileError(
                        _("Line %(line)s of the file cannot be read as CSV (%(problem)s). Check the file around it.")
                        % {"line": reader.line_num, "problem": error}
                    ) from error
            return
        yield from _xlsx_rows(self.path, self.headers)


class RosterFileError(ValueError):
    """The file cannot be read as a roster (shown to the person who uploaded it)."""


def _is_xlsx(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4).startswith(b"PK")


def probe_roster(path) -> RosterFile:
    """Column names and an estimate of the rows, for the upload request: bounded work whatever
    the file holds. An XLSX is not opened by calamine here (its grid can be enormous): only its
    declared sizes and first row are read (xlsx_guard). The rows are read by `open_roster`, in
    the task worker."""
    path = Path(path)
    if _is_xlsx(path):
        from .xlsx_guard import XlsxTooLarge, probe_xlsx

        try:
            headers, total = probe_xlsx(path)
        except XlsxTooLarge as error:
            raise RosterFileError(str(error)) from error
        if not any(headers):
            raise RosterFileError(_("The file is empty or its first line has no column names."))
        return RosterFile(path, headers, total, "xlsx")
    return _open_csv(path)


def open_roster(path) -> RosterFile:
    """The file ready to read row by row (the task worker; the command line). An XLSX's actual
    extent is checked first, so a hostile sheet is refused before calamine builds its grid."""
    path = Path(path)
    if _is_xlsx(path):
        from .xlsx_guard import XlsxTooLarge, check_xlsx

        try:
            check_xlsx(path)
        except XlsxTooLarge as error:
            raise RosterFileError(str(error)) from error
        return _open_xlsx(path)
    return _open_csv(path)


# The first line holds the column names: a roster's fit in a few hundred bytes. A 10 MB line
# is not a header (it would become one enormous column name).
MAX_HEADER_LINE = 64 * 1024
MAX_CSV_COLUMNS = 100


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), or Windows-1256 (Excel's
    "CSV" on Persian Windows), decided over the whole file, streamed: a Windows-1256 byte after
    the first 64 KB still makes it Windows-1256."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        elif len(head) >= 8 and head[1::2].count(0) > len(head) // 4:
            return "utf-16-le"
        elif len(head) >= 8 and head[0::2].count(0) > len(head) // 4:
            return "utf-16-be"
        else:
            encoding = "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(head)
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1256"
    return encoding


def _newline_bytes(encoding: str, path: Path) -> bytes:
    if encoding == "utf-16":
        with open(path, "rb") as handle:
            return "\n".encode("utf-16-be" if handle.read(2) == codecs.BOM_UTF16_BE else "utf-16-le")
    return "\n".encode(encoding.replace("-sig", ""))


def _open_csv(path: Path) -> RosterFile:
    encoding = csv_encoding(path)
    newline = _newline_bytes(encoding, path)
    with open(path, newline="", encoding=encoding) as handle:
        first_line = handle.readline(MAX_HEADER_LINE + 1)
    if len(first_line) > MAX_HEADER_LINE:
        raise RosterFileError(
            _("The file's first line is longer than %(limit)s characters: it should hold only the column names. "
              "Check that the file has one row per line, saved as CSV or Excel.") % {"limit": f"{MAX_HEADER_LINE:,}"}
        )
    first_line = first_line.rstrip("\r\n")
    if not first_line.strip():
        raise RosterFileError(_("The file is empty or its first line has no column names."))
    delimiter = max(",;\t|", key=first_line.count)
    headers = [cell.strip() for cell in next(csv.reader(io.StringIO(first_line), delimiter=delimiter))]
    if len(headers) > MAX_CSV_COLUMNS:
        raise RosterFileError(
            _("The file's first line has %(count)s columns; a roster has far fewer. Check the file.")
            % {"count": f"{len(headers):,}"}
        )
    lines, last = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines, last = lines + chunk.count(newline), chunk[-len(newline):]
    total = max(0, lines - 1 + (0 if last == newline else 1))  # an estimate: quoted fields may hold newlines
    return RosterFile(path, headers, total, "csv", encoding, delimiter)


def _open_xlsx(path: Path) -> RosterFile:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        first = next(sheet.iter_rows(), None)
    except Exception as error:  # calamine raises its own error types for broken files
        raise RosterFileError(_("This Excel file cannot be read. Save it again as .xlsx or .csv.")) from error
    if not first:
        raise RosterFileError(_("The file is empty or its first line has no column names."))
    headers = [_cell_text(cell).strip() for cell in first]
    total = 0
    for name in workbook.sheet_names:
        total += max(0, workbook.get_sheet_by_name(name).total_height - 1)
    return RosterFile(path, headers, total, "xlsx")


def _xlsx_rows(path: Path, headers: list[str]):
    """Every sheet whose first row has the same headers: a national roster exceeds one sheet."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    for index, name in enumerate(workbook.sheet_names):
        # One sheet at a time: calamine holds a sheet in memory, and Excel caps a sheet at 1,048,576 rows.
        rows = workbook.get_sheet_by_index(index).iter_rows()
        first = next(rows, None)
        if first is None or [_cell_text(cell).strip() for cell in first] != headers:
            continue
        for line, values in enumerate(rows, start=2):
            if any(value not in ("", None) for value in values):
                yield (name if len(workbook.sheet_names) > 1 else ""), line, [_cell_text(value) for value in values]


def _cell_text(value) -> str:
    """Every cell as text, as in a CSV: Excel stores codes as numbers (losing leading zeros,
    restored later) and dates as dates (written ISO, which the importer reads as Gregorian)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
