"""The roster import: stream the file, validate each row in Python, bulk-load valid rows.

Rows are checked one by one (normalised digits and letters, national-code checksum, dates in
Jalali or Gregorian, known province and county, duplicates within the file), then written in
chunks, each chunk in its own transaction together with the import's progress counters:

- PostgreSQL: people not yet on the roster go straight into it with binary COPY; people
  already there go through a temporary staging table and one
  `INSERT … SELECT … ON CONFLICT (national_code_index) DO UPDATE … WHERE … IS DISTINCT FROM`
  (chunk writes of concurrent imports take turns under an advisory lock);
- SQLite: `executemany` into an in-memory staging table (single-row INSERTs, so the
  999-parameter cap of multi-row INSERTs does not apply), then the same upsert as one
  `INSERT … SELECT`; one transaction per chunk.

An upsert that finds identical values changes nothing, so importing the same file twice
leaves the roster as it was, and re-running an import that was killed midway finishes it with
the same end state as one clean run. Rejected rows go to an XLSX (line, column, reason).
"""
import csv
import datetime
import logging
import os
import queue
import sys
import threading
from dataclasses import dataclass, field
from operator import mul
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import jalali
from core.normalize import normalize_digits, normalize_text, search_key
from core.validators import (
    normalize_mobile,
    normalize_national_code,
)
from geo.models import County, Province

from . import crypto
from .choices import ImportStatus
from .models import Agency, RosterImport
from .roster_files import FIELDS, REQUIRED_FIELDS, RosterFileError, open_roster

log = logging.getLogger(__name__)

CHUNK_ROWS = 20_000
FIRST_CHUNK_ROWS = 2_000
# Columns written for every row, in order.
COLUMNS = (
    "national_code_encrypted", "national_code_index", "first_name", "last_name", "gender", "birth_date",
    "retirement_date", "province_id", "county_id", "education", "field_of_study", "specialty", "agency_id",
    "mobile_encrypted", "field_key", "specialty_key", "consent_contact", "consent_children",
)
# Which columns an upsert may overwrite, by the file field that fills them: a column the
# file does not have (say, consents recorded by coordinators) is never touched.
UPDATED_BY_FIELD = {
    "first_name": ("first_name",),
    "last_name": ("last_name",),
    "gender": ("gender",),
    "birth_date": ("birth_date",),
    "retirement_date": ("retirement_date",),
    "province": ("province_id",),
    "county": ("county_id",),
    "education": ("education",),
    "field_of_study": ("field_of_study", "field_key"),
    "specialty": ("specialty", "specialty_key"),
    "agency": ("agency_id",),
    "mobile": ("mobile_encrypted",),
    "consent_contact": ("consent_contact",),
    "consent_children": ("consent_children",),
}
# pg_advisory_xact_lock key shared by every roster import's chunk writes.
ROSTER_WRITE_LOCK = 7_140_500_001
PG_TYPES = (
    "bytea", "bytea", "text", "text", "text", "date", "date", "int8", "int8", "text", "text", "text", "int8",
    "bytea", "text", "text", "bool", "bool",
)

GENDERS = {
    **dict.fromkeys(["زن", "خانم", "مونث", "مؤنث", "f", "female", "woman", "2"], "female"),
    **dict.fromkeys(["مرد", "آقا", "اقا", "مذکر", "m", "male", "man", "1"], "male"),
}
EDUCATION = {
    **dict.fromkeys(["زیردیپلم", "سیکل", "ابتدایی", "راهنمایی", "belowdiploma", "below_diploma"], "below_diploma"),
    **dict.fromkeys(["دیپلم", "diploma"], "diploma"),
    **dict.fromkeys(["فوقدیپلم", "کاردانی", "associate", "associatedegree"], "associate"),
    **dict.fromkeys(["لیسانس", "کارشناسی", "bachelor", "bachelors", "bachelor'sdegree", "bsc", "ba"], "bachelor"),
    **dict.fromkeys(["فوقلیسانس", "کارشناسیارشد", "master", "masters", "master'sdegree", "msc", "ma"], "master"),
    **dict.fromkeys(["دکتری", "دکترا", "دکترایتخصصی", "phd", "doctorate"], "doctorate"),
}
YES_NO = {
    **dict.fromkeys(["بله", "آری", "اری", "دارد", "yes", "y", "true", "1"], True),
    **dict.fromkeys(["خیر", "نه", "ندارد", "no", "n", "false", "0"], False),
}
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# The order in which RowChecker reads a row's fields.
ROW_FIELDS = (
    "national_code", "first_name", "last_name", "gender", "birth_date", "retirement_date", "province", "county",
    "education", "field_of_study", "specialty", "agency", "mobile", "consent_contact", "consent_children",
)


_CHECK_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_ASCII_ZERO_WEIGHTED = 48 * sum(_CHECK_WEIGHTS)


def _checksum_ok(code: str) -> bool:
    """core.validators.national_code_is_valid for a code already known to be ten ASCII digits, faster."""
    if code == code[0] * 10:
        return False
    digits = code.encode()
    total = (sum(map(mul, digits[:9], _CHECK_WEIGHTS)) - _ASCII_ZERO_WEIGHTED) % 11
    check = digits[9] - 48
    return check == total if total < 2 else check == 11 - total


class MappingError(ValueError):
    """The column mapping cannot produce roster rows."""


def check_mapping(mapping: dict[str, str], fixed_province) -> list[str]:
    """Problems with a {header: field} mapping, as sentences; empty when it can be used."""
    chosen = [value for value in mapping.values() if value]
    problems = []
    required = list(REQUIRED_FIELDS) + ([] if fixed_province else ["province"])
    for name in required:
        if name not in chosen:
            problems.append(_("Choose the column that holds “%(field)s”.") % {"field": FIELDS[name]})
    for name in set(chosen):
        if chosen.count(name) > 1:
            problems.append(_("“%(field)s” is chosen for more than one column.") % {"field": FIELDS[name]})
        if name not in FIELDS:
            problems.append(_("Unknown field: %(field)s") % {"field": name})
    return problems


@dataclass
class Rejection:
    sheet: str
    line: int
    column: str
    reason: str
    value: str
    values: list


@dataclass
class RowChecker:
    """Turns one file row into database values, or explains what is wrong with it."""

    headers: list[str]
    mapping: dict[str, str]
    fixed_province: Province | None
    today: datetime.date = field(default_factory=timezone.localdate)

    def __post_init__(self):
        position = {header: index for index, header in enumerate(self.headers)}
        self.column = {name: header for header, name in self.mapping.items() if name}
        self.index = {name: position[header] for name, header in self.column.items()}
        self.width = len(self.headers) + 1  # rows are padded to this; the last cell is always empty
        self.padding = [""] * self.width
        self.positions = tuple(self.index.get(name, -1) for name in ROW_FIELDS)
        self.fixed_province_id = self.fixed_province.pk if self.fixed_province else None
        self.provinces_seen: set[int] = set()
        self.agency_ids: dict[str, int] = {}
        self.agency_keys = dict(Agency.objects.values_list("key", "pk"))
        self.provinces = {}
        for province in Province.objects.all():
            for spelling in (province.name, province.code, province.name_en, province.pk):
                if spelling:
                    self.provinces[search_key(str(spelling))] = province.pk
        self.counties = {}
        for county in County.objects.all():
            self.counties[(county.province_id, search_key(county.name))] = county.pk
            if county.code:
                self.counties[(county.province_id, county.code)] = county.pk
        self.seen_codes: set[int] = set()
        self.text_cache: dict[str, str] = {}
        self.key_cache: dict[str, str] = {}
        self.date_cache: dict = {}
        self.gender_cache, self.province_cache, self.education_cache, self.yes_no_cache = {}, {}, {}, {}
        self.county_caches: dict[int, dict] = {}
        self.protect, self.blind_index = crypto.cipher_and_index()
        self.latest_birth = self.today.replace(year=self.today.year - 30)
        self.messages = {
            "required": _("This column is empty; it is required."),
            "national_code": _("Not a valid national code (check digit does not match)."),
            "duplicate": _("This national code appears earlier in the file; the first row was kept."),
            "gender": _("Unknown gender; write زن or مرد."),
            "date": _("Not a date. Write a Jalali date such as 1340/05/12 or a Gregorian one such as 1961-08-03."),
            "birth_range": _("This birth date is not plausible for a retiree."),
            "retired_before_born": _("The retirement date must come after the birth date."),
            "retired_in_future": _("The retirement date is in the future."),
            "province": _("Unknown province."),
            "other_province": _("This row belongs to another province than the one this import is for."),
            "county": _("Unknown county in this province."),
            "education": _("Unknown education level."),
            "mobile": _("Not a mobile number; it must be 11 digits starting with 09."),
            "yes_no": _("Write بله or خیر."),
            "too_long": _("Too long (at most 120 characters)."),
        }

    # -- small cached normalisers (names and places repeat a lot in a roster) --------------
    def text(self, value) -> str:
        cached = self.text_cache.get(value)
        if cached is None:
            if len(self.text_cache) > 200_000:
                self.text_cache.clear()
            cached = self.text_cache[value] = normalize_text(value)
        return cached

    def folded(self, value: str) -> str:
        cached = self.key_cache.get(value)
        if cached is None:
            if len(self.key_cache) > 200_000:
                self.key_cache.clear()
            cached = self.key_cache[value] = search_key(value)
        return cached

    def date(self, value):
        """A date, None when empty, or False when it cannot be read."""
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        cached = self.date_cache.get(value)
        if cached is None:
            if len(self.date_cache) > 200_000:
                self.date_cache.clear()
            text = str(value).split(" ")[0].split("T")[0]
            if not text.isascii():  # ASCII needs no normalising: no other digits, no invisible marks
                text = normalize_digits(text)
            if len(text) == 8 and text.isascii() and text.isdigit():  # 13400512
                text = f"{text[:4]}/{text[4:6]}/{text[6:]}"
            try:
                cached = jalali.parse_date(text)
            except ValueError:
                cached = False
            self.date_cache[value] = cached
        return cached

    def lookup(self, cache: dict, raw, table: dict, prefix=None):
        """A reference id (province, county, level) by its spelling, cached by the raw text."""
        found = cache.get(raw)
        if found is None and raw not in cache:
            key = self.folded(self.text(str(raw)))
            found = table.get((prefix, key) if prefix is not None else key)
            if found is None and prefix is not None:
                found = table.get((prefix, key.removeprefix("شهرستان")))
            cache[raw] = found
        return found

    def check(self, values: list) -> tuple[list | None, list[tuple[str, str, str]]]:
        """(database row, []) for a good row; (None, [(column, reason, value), …]) otherwise.

        Written flat on purpose: it runs 1.5 million times per national import."""
        if len(values) < self.width:
            values = values + self.padding[len(values):]
        (at_code, at_first, at_last, at_gender, at_birth, at_retired, at_province, at_county, at_education,
         at_field, at_specialty, at_agency, at_mobile, at_contact, at_children) = self.positions
        text, errors = self.text, []

        code = values[at_code].strip()
        if not (len(code) == 10 and code.isascii() and code.isdigit()):
            code = normalize_national_code(code)
        if not code:
            self.fail(errors, values, "national_code", "required")
        elif not (len(code) == 10 and code.isascii() and code.isdigit() and _checksum_ok(code)):
            self.fail(errors, values, "national_code", "national_code")
        elif int(code) in self.seen_codes:
            self.fail(errors, values, "national_code", "duplicate")

        first_name, last_name = text(values[at_first].strip())[:64], text(values[at_last].strip())[:64]
        if not first_name:
            self.fail(errors, values, "first_name", "required")
        if not last_name:
            self.fail(errors, values, "last_name", "required")

        gender_text = values[at_gender].strip()
        gender = GENDERS.get(gender_text) or self.lookup(self.gender_cache, gender_text, GENDERS)
        if gender is None:
            self.fail(errors, values, "gender", "gender" if gender_text else "required")

        birth = self.date(values[at_birth].strip())
        if birth is None:
            self.fail(errors, values, "birth_date", "required")
        elif birth is False:
            self.fail(errors, values, "birth_date", "date")
        elif not EARLIEST_BIRTH <= birth <= self.latest_birth:
            self.fail(errors, values, "birth_date", "birth_range")
        retired = self.date(values[at_retired].strip())
        if retired is False:
            self.fail(errors, values, "retirement_date", "date")
        elif retired and birth and retired <= birth:
            self.fail(errors, values, "retirement_date", "retired_before_born")
        elif retired and retired > self.today:
            self.fail(errors, values, "retirement_date", "retired_in_future")

        province_id = self.fixed_province_id
        province_text = values[at_province].strip()
        if province_text:
            found = self.lookup(self.province_cache, province_text, self.provinces)
            if found is None:
                self.fail(errors, values, "province", "province")
            elif province_id and found != province_id:
                self.fail(errors, values, "province", "other_province")
            else:
                province_id = found
        elif province_id is None:
            self.fail(errors, values, "province", "required")

        county_id = None
        county_text = values[at_county].strip()
        if county_text and province_id:
            county_id = self.lookup(self.county_caches.setdefault(province_id, {}), county_text, self.counties, province_id)
            if county_id is None:
                self.fail(errors, values, "county", "county")

        education = ""
        education_text = values[at_education].strip()
        if education_text:
            education = self.lookup(self.education_cache, education_text, EDUCATION) or ""
            if not education:
                self.fail(errors, values, "education", "education")

        field_of_study = text(values[at_field].strip())
        specialty = text(values[at_specialty].strip())
        agency = text(values[at_agency].strip())
        if len(field_of_study) > 120 or len(specialty) > 120 or len(agency) > 120:
            for name, value in (("field_of_study", field_of_study), ("specialty", specialty), ("agency", agency)):
                if len(value) > 120:
                    self.fail(errors, values, name, "too_long")

        mobile = values[at_mobile].strip()
        if mobile and not (len(mobile) == 11 and mobile.startswith("09") and mobile.isascii() and mobile.isdigit()):
            mobile = normalize_mobile(str(mobile))
            if not (len(mobile) == 11 and mobile.startswith("09") and mobile.isascii() and mobile.isdigit()):
                self.fail(errors, values, "mobile", "mobile")

        consents = [False, False]
        for position, (name, at) in enumerate((("consent_contact", at_contact), ("consent_children", at_children))):
            answer = values[at].strip()
            if answer:
                consents[position] = YES_NO.get(answer)
                if consents[position] is None:
                    consents[position] = self.lookup(self.yes_no_cache, answer, YES_NO)
                if consents[position] is None:
                    self.fail(errors, values, name, "yes_no")

        if errors:
            return None, errors
        self.seen_codes.add(int(code))
        self.provinces_seen.add(province_id)
        folded, protect = self.folded, self.protect
        return [
            protect(code), self.blind_index(code), first_name, last_name, gender, birth, retired,
            province_id, county_id, education, field_of_study, specialty, self.agency_id(agency) if agency else None,
            protect(mobile), folded(field_of_study), folded(specialty), consents[0], consents[1],
        ], []

    def agency_id(self, name: str) -> int:
        """The former agency by its name however spelled; a name new to the managed list joins it."""
        found = self.agency_ids.get(name)
        if found is None:
            key = search_key(name)
            found = self.agency_keys.get(key)
            if found is None:
                found = self.agency_keys[key] = Agency.objects.get_or_create(key=key, defaults={"name": name})[0].pk
            self.agency_ids[name] = found
        return found

    def fail(self, errors, values, name, reason):
        index = self.index.get(name, -1)
        value = values[index] if index < len(values) else ""
        errors.append((self.column.get(name, str(FIELDS.get(name, name))), self.messages[reason], value.strip()))


class Loader:
    """Writes validated rows with one upsert per chunk; returns how many rows changed."""

    table = "retirees_retiree"

    def __init__(self, update_columns: list[str], import_id: int):
        self.update_columns = [name for name in COLUMNS if name in update_columns]
        self.import_id = import_id
        self.vendor = connection.vendor

    def _set_clause(self, excluded: str) -> tuple[str, str, str]:
        sets = ", ".join(f"{name} = {excluded}.{name}" for name in self.update_columns)
        mine = ", ".join(f"{self.table}.{name}" for name in self.update_columns)
        theirs = ", ".join(f"{excluded}.{name}" for name in self.update_columns)
        return sets, mine, theirs

    def write(self, rows: list[list]) -> int:
        if not rows:
            return 0
        now = timezone.now()
        if self.vendor == "postgresql":
            return self._write_postgresql(rows, now)
        return self._write_sqlite(rows, now)

    def _conflict_sql(self, excluded: str, distinct: str) -> str:
        if not self.update_columns:
            return "ON CONFLICT (national_code_index) DO NOTHING"
        sets, mine, theirs = self._set_clause(excluded)
        return (
            f"ON CONFLICT (national_code_index) DO UPDATE SET {sets}, updated_at = {excluded}.updated_at "
            f"WHERE ({mine}, 0) {distinct} ({theirs}, 0)"  # the 0 keeps a one-column list a row value
        )

    def _write_sqlite(self, rows, now) -> int:
        stamp = connection.ops.adapt_datetimefield_value(now)
        columns = ", ".join(COLUMNS)
        marks = ", ".join(["?"] * len(COLUMNS))
        birth, retired = COLUMNS.index("birth_date"), COLUMNS.index("retirement_date")
        for row in rows:
            row[birth] = row[birth].isoformat()
            if row[retired] is not None:
                row[retired] = row[retired].isoformat()
        connection.ensure_connection()
        raw = connection.connection  # the sqlite3 connection itself: no per-row placeholder rewriting
        # The unique blind index is written in random order: keep it in cache (64 MB, not more,
        # as the cache counts toward the import's memory). Rows go through an in-memory staging
        # table, then into the roster in one INSERT … SELECT run inside SQLite.
        raw.execute("PRAGMA cache_size = -65536")
        raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS roster_staging AS SELECT {columns} FROM {self.table} WHERE 0")
        raw.execute("DELETE FROM roster_staging")
        raw.executemany(f"INSERT INTO roster_staging ({columns}) VALUES ({marks})", rows)
        before = raw.total_changes
        raw.execute(
            f"INSERT INTO {self.table} ({columns}, created_at, updated_at, source_import_id) "
            f"SELECT {columns}, '{stamp}', '{stamp}', {int(self.import_id)} FROM roster_staging WHERE true "
            f"{self._conflict_sql('excluded', 'IS NOT')}"
        )
        return raw.total_changes - before

    def _write_postgresql(self, rows, now) -> int:
        columns = ", ".join(COLUMNS)
        definition = ", ".join(f"{name} {kind}" for name, kind in zip(COLUMNS, PG_TYPES, strict=True))
        key = COLUMNS.index("national_code_index")
        with connection.cursor() as cursor:
            # Each chunk commits without waiting for its WAL flush (the server writes it within a
            # fraction of a second). Killing the import cannot lose an acknowledged chunk; a crash
            # of the database server itself could lose the last chunk or two, atomically with their
            # progress counters, and running the import again restores them.
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Chunk writes of concurrent imports take turns, so a code seen as new below stays new
            # until this chunk commits.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROSTER_WRITE_LOCK])
            cursor.execute(
                f"SELECT national_code_index FROM {self.table} WHERE national_code_index = ANY(%s)",
                [[row[key] for row in rows]],
            )
            known = {bytes(found) for (found,) in cursor.fetchall()}
            new_rows = [row for row in rows if bytes(row[key]) not in known]
            known_rows = [row for row in rows if bytes(row[key]) in known] if known else []
            # People not yet on the roster go straight in with COPY: the raw-load speed.
            with cursor.cursor.copy(
                f"COPY {self.table} ({columns}, created_at, updated_at, source_import_id) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types((*PG_TYPES, "timestamptz", "timestamptz", "int8"))
                for row in new_rows:
                    copy.write_row((*row, now, now, self.import_id))
            changed = len(new_rows)
            if known_rows:
                # People already there are updated only where the file says something new.
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS roster_staging ({definition})")
                cursor.execute("TRUNCATE roster_staging")
                with cursor.cursor.copy(f"COPY roster_staging ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(PG_TYPES)
                    for row in known_rows:
                        copy.write_row(row)
                cursor.execute(
                    f"INSERT INTO {self.table} ({columns}, created_at, updated_at, source_import_id) "
                    f"SELECT {columns}, %s, %s, %s FROM roster_staging "
                    f"{self._conflict_sql('EXCLUDED', 'IS DISTINCT FROM')}",
                    [now, now, self.import_id],
                )
                changed += cursor.rowcount
            return changed


class ImportCancelled(Exception):
    pass


def run_import(roster_import: RosterImport, progress=None, chunk_rows: int = CHUNK_ROWS, refresh: bool = True) -> RosterImport:
    """Run (or run again) one import to the end. `progress(roster_import)` is called after each chunk;
    `refresh=False` leaves the demographics summary to the caller (the benchmark times it apart)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _run(roster_import, progress, chunk_rows, refresh)


def _run(roster_import, progress, chunk_rows, refresh):
    from .demographics import refresh_summary as refresh_all

    def refresh_summary(provinces):
        if refresh:
            refresh_all(provinces)

    pk = roster_import.pk
    try:
        roster = open_roster(roster_import.file.path)
    except RosterFileError as error:  # e.g. a sheet far larger than a roster: refused before reading
        RosterImport.objects.filter(pk=pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), error=RosterImport.REFUSED + str(error)
        )
        roster_import.refresh_from_db()
        if progress:
            progress(roster_import)
        return roster_import
    checker = RowChecker(roster.headers, roster_import.mapping, roster_import.province)
    update_columns = ["national_code_index"] + [
        column for name in roster_import.mapping.values() if name for column in UPDATED_BY_FIELD.get(name, ())
    ]
    RosterImport.objects.filter(pk=pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), finished_at=None, total_rows=roster.total_rows,
        processed_rows=0, saved_rows=0, changed_rows=0, rejected_rows=0, error="", cancel_requested=False,
    )
    rejects_path = Path(settings.MEDIA_ROOT) / "roster-imports" / str(pk) / "rejected.csv"
    _private_dir(rejects_path.parent)
    sink = ChunkSink(pk, Loader(update_columns, pk))
    # On PostgreSQL a writer thread with its own connection loads one chunk while the next is
    # validated (the server works in its own process). Not on SQLite, where the writing is done
    # in this process and threads only contend; nor inside a caller's transaction (tests, demo).
    writer = ChunkWriter(sink.write, threaded=connection.vendor == "postgresql" and not connection.in_atomic_block)
    processed = 0
    try:
        # Created readable by this user only: rejected rows hold codes and mobiles in clear.
        rejects_fd = os.open(rejects_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(rejects_fd, "w", newline="", encoding="utf-8") as rejects_handle:
            rejects = csv.writer(rejects_handle)
            chunk, rejected = [], 0
            # A small first chunk sets the writer going early; the rest are full-size.
            flush_at = min(FIRST_CHUNK_ROWS, chunk_rows)
            for sheet, line, values in roster.rows():
                row, errors = checker.check(values)
                processed += 1
                if errors:
                    rejected += 1
                    for column, reason, value in errors:
                        rejects.writerow([sheet, line, column, reason, value, *values])
                else:
                    chunk.append(row)
                if processed == flush_at:
                    flush_at += chunk_rows
                    writer.put(chunk, rejected, processed)
                    chunk, rejected = [], 0
                    roster_import.refresh_from_db()
                    if progress:
                        progress(roster_import)
                    if roster_import.cancel_requested:
                        raise ImportCancelled
            writer.put(chunk, rejected, processed)
        # The rejected rows' workbook is written while the last chunks are still loading.
        _write_rejects_xlsx(roster_import, rejects_path, roster.headers)
        writer.close()
        refresh_summary(checker.provinces_seen)
        RosterImport.objects.filter(pk=pk).update(status=ImportStatus.DONE, finished_at=timezone.now())
        # The roster holds every code and mobile in clear: not kept once it is in the database.
        delete_upload(roster_import)
    except ImportCancelled:
        writer.close()
        _write_rejects_xlsx(roster_import, rejects_path, roster.headers)
        refresh_summary(checker.provinces_seen)
        RosterImport.objects.filter(pk=pk).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
    except Exception as error:
        writer.abandon()
        log.exception("roster import %s failed", pk)
        refused = isinstance(error, RosterFileError)  # the file's fault: said to the uploader, not raised
        RosterImport.objects.filter(pk=pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(),
            error=((RosterImport.REFUSED if refused else "") + str(error))[:2000],
        )
        if not refused:
            raise
    roster_import.refresh_from_db()
    if progress:
        progress(roster_import)
    return roster_import


class ChunkSink:
    """Writes one chunk and the progress counters in one transaction."""

    def __init__(self, pk, loader):
        self.pk, self.loader = pk, loader
        self.counts = {"saved_rows": 0, "changed_rows": 0, "rejected_rows": 0}

    def write(self, chunk, rejected, processed):
        with transaction.atomic():
            self.counts["changed_rows"] += self.loader.write(chunk)
            self.counts["saved_rows"] += len(chunk)
            self.counts["rejected_rows"] += rejected
            RosterImport.objects.filter(pk=self.pk).update(processed_rows=processed, **self.counts)


class ChunkWriter:
    """Hands chunks to `write` in order: inline, or on a thread of its own (two chunks queued at
    most, so memory stays flat). The database does its part while Python validates the next rows."""

    # The reading thread is CPU-bound; the writer mostly waits on the database. With Python's
    # default 5 ms switch interval the writer waits that long for the GIL after every database
    # round trip (the "convoy effect"), which made the threaded import a third slower.
    SWITCH_INTERVAL = 0.0002

    def __init__(self, write, threaded: bool):
        self.write, self.threaded, self.error = write, threaded, None
        if threaded:
            self.saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(self.SWITCH_INTERVAL)
            self.queue = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._work, name="roster-writer", daemon=True)
            self.thread.start()

    def put(self, *chunk):
        if not self.threaded:
            self.write(*chunk)
            return
        if self.error is not None:
            raise self.error
        self.queue.put(chunk)

    def _work(self):
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        self.write(*item)
                    except BaseException as error:  # reported to the reading thread; keep draining
                        self.error = error
        finally:
            connection.close()

    def close(self):
        """Wait for every chunk handed over; raise what the writer met."""
        self.abandon()
        if self.error is not None:
            raise self.error

    def abandon(self):
        if self.threaded and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
            sys.setswitchinterval(self.saved_interval)


def _write_rejects_xlsx(roster_import, csv_path: Path, headers: list[str]) -> None:
    """The rejected rows as a right-to-left sheet: sheet, line, column, reason, value, then the row as it was."""
    from openpyxl import Workbook

    from core.exports import neutralise

    workbook = Workbook(write_only=True)
    header = [_("Sheet"), _("Line"), _("Column"), _("Reason"), pgettext("rejected row", "Value"), *headers]
    limit = 1_048_575  # rows per sheet after the header
    sheet, written = None, limit
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle):
            if written >= limit:
                sheet = workbook.create_sheet(title=_("Rejected rows")[:25] + (f" {len(workbook.worksheets) + 1}" if sheet else ""))
                sheet.sheet_view.rightToLeft = True
                sheet.append(header)
                written = 0
            record[1] = int(record[1])
            sheet.append([neutralise(value) for value in record])
            written += 1
    if sheet is None:
        sheet = workbook.create_sheet(title=_("Rejected rows")[:25])
        sheet.sheet_view.rightToLeft = True
        sheet.append(header)
    if roster_import.rejects_file:  # a run before this one
        roster_import.rejects_file.delete(save=False)
    target = csv_path.with_suffix(".xlsx")
    workbook.save(target)
    csv_path.unlink(missing_ok=True)
    with open(target, "rb") as handle:
        roster_import.rejects_file.save("rejected.xlsx", File(handle), save=False)
    target.unlink(missing_ok=True)
    RosterImport.objects.filter(pk=roster_import.pk).update(rejects_file=roster_import.rejects_file.name)


def _private_dir(path: Path) -> None:
    """MEDIA_ROOT/roster-imports/<id>/, each level readable by this user only."""
    media = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    for level in [path, *path.parents]:
        if level == media or media not in level.parents:
            break
        level.chmod(0o700)


def delete_upload(roster_import) -> None:
    """Remove an import's uploaded file (its rows are in the roster, encrypted, or it is abandoned)."""
    if roster_import.file:
        roster_import.file.delete(save=False)
    RosterImport.objects.filter(pk=roster_import.pk).update(file="")


def start_import(path, original_name: str, province=None, mapping=None, by=None) -> RosterImport:
    """A new import for a file already on disk (the command line); the mapping is guessed when not given."""
    from .roster_files import guess_mapping

    roster = open_roster(path)
    mapping = mapping if mapping is not None else guess_mapping(roster.headers)
    problems = check_mapping(mapping, province)
    if problems:
        raise MappingError(" ".join(problems))
    roster_import = RosterImport.objects.create(
        original_name=original_name, province=province, mapping=mapping, headers=roster.headers,
        total_rows=roster.total_rows, status=ImportStatus.QUEUED, created_by=by,
    )
    with open(path, "rb") as handle:
        roster_import.file.save(Path(original_name).name, File(handle))
    return roster_import


__all__ = ["RosterFileError", "MappingError", "check_mapping", "run_import", "start_import", "RowChecker", "Loader"]
