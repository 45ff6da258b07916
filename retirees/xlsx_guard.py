"""Hostile spreadsheets: check an XLSX's size before any reader builds its grid.

A 1.5 KB workbook can hold only the cells A1 and ZZ1000000; a reader that makes a dense grid
(calamine does) then allocates 702 × 1,000,000 cells, about 22 GB. So, before calamine:

- `probe_xlsx` (the upload request): zip sanity, each sheet's *declared* size (`<dimension>`),
  and the first row for the column names, read as a stream with the few shared strings it
  uses. Cheap and bounded whatever the file holds; no grid is built in the web process.
- `check_xlsx` (the task worker, before reading rows): every sheet's *actual* extent, from the
  cell references in its XML, read as a compressed stream (a dimension can lie).

Absurd sizes are refused with a message for the person who uploaded the file. The guard serves
every Excel upload (the roster, indicator values): its messages speak of the file, not of a roster.
"""
import posixpath
import re
import zipfile
import zlib
from xml.etree.ElementTree import XMLPullParser

from django.utils.translation import gettext as _

from core import display

# Excel's own limits are 1,048,576 rows and 16,384 columns; a roster has about 15 columns.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 100
MAX_CELLS_PER_SHEET = 30_000_000  # ~1 M rows × 30 columns; calamine holds one sheet at a time
MAX_SHEETS = 64
MAX_SHEET_XML_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200  # real sheets compress 5-20×; zip bombs far more
MAX_HEADER_CELLS = MAX_COLUMNS
MAX_HEAD_BYTES = 32 * 1024**2
CHUNK = 1 << 20

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})[0-9]')
_ROW_START = re.compile(rb'<(?:\w+:)?row\b')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,9})"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]{1,3})?([0-9]{1,9})?(?::([A-Z]{1,3})([0-9]{1,9}))?"')


class XlsxTooLarge(ValueError):
    pass


def column_number(letters: bytes | str) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode()
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _refuse(rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS_PER_SHEET:
        raise XlsxTooLarge(
            _("This Excel sheet declares %(rows)s rows by %(columns)s columns, far more than an upload may have "
              "(at most %(max_rows)s rows and %(max_columns)s columns a sheet). Copy only the cells you need into "
              "a new sheet, or save it as .csv, and upload again.")
            % {"rows": display.number(rows), "columns": display.number(columns), "max_rows": display.number(MAX_ROWS),
               "max_columns": display.number(MAX_COLUMNS)}
        )


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets' paths in workbook order (the first is the one whose headers we show)."""
    names = set(archive.namelist())
    try:
        rels = _read_small(archive, "xl/_rels/workbook.xml.rels")
        workbook = _read_small(archive, "xl/workbook.xml")
    except KeyError:
        return sorted(name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    targets = {}
    for element in _elements(rels):
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[element.get("Id")] = target
    parts = []
    for element in _elements(workbook):
        if _local(element.tag) == "sheet":
            target = targets.get(element.get(f"{{{_NS_REL}}}id"))
            if target in names:
                parts.append(target)
    return parts


def _read_small(archive, name: str, limit: int = 16 * 1024**2) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv."))
    return archive.read(name)


def _elements(data: bytes):
    parser = XMLPullParser(events=("end",))
    parser.feed(data)
    parser.close()
    return [element for _event, element in parser.read_events()]


def _check_archive(archive: zipfile.ZipFile, parts: list[str]) -> None:
    if not parts:
        raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv."))
    if len(parts) > MAX_SHEETS:
        raise XlsxTooLarge(_("This Excel file has more than %(count)s sheets; keep only those with the data.") % {
            "count": display.number(MAX_SHEETS)})
    for name in parts:
        info = archive.getinfo(name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_SHEET_XML_BYTES or (info.file_size > CHUNK and ratio > MAX_COMPRESSION_RATIO):
            raise XlsxTooLarge(
                _("This Excel file unpacks to far more than an upload may hold. Save it again as .xlsx or .csv.")
            )


def _declared(archive, name: str) -> tuple[int, int] | None:
    """(rows, columns) from the sheet's <dimension ref="A1:ZZ1000000">, read from its first bytes."""
    with archive.open(name) as handle:
        head = handle.read(64 * 1024)
    match = _DIMENSION.search(head)
    if not match:
        return None
    first_column, first_row, last_column, last_row = match.groups()
    last_column, last_row = last_column or first_column, last_row or first_row
    if not last_column or not last_row:
        return None
    return int(last_row), column_number(last_column)


def probe_xlsx(path) -> tuple[list[str], int]:
    """(column names of the first sheet, declared rows after the header, summed over sheets),
    refusing absurd declared sizes. Bounded work whatever the file claims or holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            _check_archive(archive, parts)
            total = 0
            for name in parts:
                declared = _declared(archive, name)
                if declared is not None:
                    _refuse(*declared)
                    total += max(0, declared[0] - 1)
            headers = _first_row(archive, parts[0])
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError) as error:
        raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv.")) from error
    except SyntaxError as error:  # xml.etree's ParseError
        raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv.")) from error
    return headers, total


def check_xlsx(path) -> None:
    """Every sheet's actual extent from its cell references (streamed), before a reader builds a grid."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            _check_archive(archive, parts)
            for name in parts:
                _refuse(*_extent(archive, name))
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError) as error:
        raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv.")) from error


def _extent(archive, name: str) -> tuple[int, int]:
    """(last row, last column) that the sheet's cells reach, from their references; rows without
    a reference are counted in order."""
    rows = columns = counted = 0
    tail = b""
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            data = tail + chunk
            # A tag cut at the chunk's end is read whole with the next chunk.
            cut = data.rfind(b"<")
            body, tail = (data[:cut], data[cut:]) if cut > len(data) - 512 else (data, b"")
            letters = set(_CELL_COLUMN.findall(body))
            if letters:
                columns = max(columns, max(column_number(letter) for letter in letters))
            numbers = _ROW_REF.findall(body)
            if numbers:
                rows = max(rows, max(int(number) for number in numbers))
            counted += len(_ROW_START.findall(body))
            rows = max(rows, counted)
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                break
    return rows, columns


def _first_row(archive, name: str) -> list[str]:
    """The first row's cells as text (shared strings looked up), streamed: nothing past it is read."""
    parser = XMLPullParser(events=("start", "end"))
    cells: dict[int, tuple[str, str]] = {}
    in_row = done = False
    position = read = 0
    with archive.open(name) as handle:
        while not done and (chunk := handle.read(64 * 1024)):
            read += len(chunk)
            if read > MAX_HEAD_BYTES:  # the first row should come within the sheet's first bytes
                raise XlsxTooLarge(_("This Excel file cannot be read. Save it again as .xlsx or .csv."))
            parser.feed(chunk)
            for event, element in parser.read_events():
                tag = _local(element.tag)
                if event == "start" and tag == "row":
                    in_row = True
                elif event == "end" and tag == "c" and in_row:
                    reference = element.get("r", "")
                    letters = re.match(r"[A-Z]+", reference)
                    position = column_number(letters.group()) if letters else position + 1
                    if position > MAX_HEADER_CELLS:
                        _refuse(1, position)
                    value = "".join(
                        text.text or "" for text in element.iter() if _local(text.tag) in ("v", "t")
                    )
                    cells[position] = (element.get("t", ""), value)
                elif event == "end" and tag == "row" and in_row:
                    done = True
                    break
    if not cells:
        return []
    shared = _shared_strings(archive, {int(value) for kind, value in cells.values() if kind == "s" and value.isdigit()})
    first, last = min(cells), max(cells)
    headers = []
    for column in range(first, last + 1):
        kind, value = cells.get(column, ("", ""))
        if kind == "s":
            value = shared.get(int(value), "") if value.isdigit() else ""
        elif kind == "b":
            value = "True" if value == "1" else "False"
        elif kind in ("", "n") and value:
            value = _number_text(value)
        headers.append(value.strip())
    return headers


def _number_text(value: str) -> str:
    """A number as roster_files._cell_text writes calamine's: whole numbers without ".0"."""
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() else str(number)


def _shared_strings(archive, wanted: set[int]) -> dict[int, str]:
    """Only the shared strings the first row uses, read until the last of them."""
    if not wanted:
        return {}
    name = next((n for n in ("xl/sharedStrings.xml", "xl/SharedStrings.xml") if n in archive.namelist()), None)
    if name is None:
        return {}
    found, index, last = {}, -1, max(wanted)
    parser = XMLPullParser(events=("start", "end"))
    with archive.open(name) as handle:
        while index < last and (chunk := handle.read(64 * 1024)):
            parser.feed(chunk)
            for event, element in parser.read_events():
                tag = _local(element.tag)
                if event == "start" and tag == "si":
                    index += 1
                elif event == "end" and tag == "si":
                    if index in wanted:
                        found[index] = "".join(
                            text.text or "" for text in element.iter()
                            if _local(text.tag) == "t" and not _inside_phonetic(element, text)
                        )
                    element.clear()
                    if index >= last:
                        break
    return found


def _inside_phonetic(root, target) -> bool:
    for phonetic in root.iter():
        if _local(phonetic.tag) == "rPh" and any(node is target for node in phonetic.iter()):
            return True
    return False
