"""Roster import, part 3 of 3 — pipeline: stream the file through `rows` into `loader`,
committing each chunk with the import's counters, and write the result workbook (a summary by
reason, then the rejected rows and the rows saved with warnings apart)."""
import csv
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import leases

from . import bulk_indexes
from .limits import memory_refusal
from .loader import UPDATED_BY_FIELD, ChunkSink, ChunkWriter, Loader
from .models import RosterImport
from .roster_files import FIELDS, REQUIRED_FIELDS, RosterFileError, open_roster
from .rows import RowChecker, reason_summary

log = logging.getLogger(__name__)

CHUNK_ROWS = 20_000
FIRST_CHUNK_ROWS = 2_000

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


class ImportCancelled(Exception):
    pass


def run_import(roster_import: RosterImport, progress=None, chunk_rows: int = CHUNK_ROWS, refresh: bool = True) -> RosterImport:
    """Run (or run again) one import to the end. `progress(roster_import)` is called after each chunk;
    `refresh=False` leaves the demographics summary to the caller (the benchmark times it apart)."""
    from core.cache import bump

    try:
        with translation.override(settings.LANGUAGE_CODE):
            return _run(roster_import, progress, chunk_rows, refresh)
    finally:
        bump()  # the rows were written in bulk (no signals): cached counts and figures are stale


def _run(roster_import, progress, chunk_rows, refresh):
    from .demographics import refresh_summary as refresh_all

    def refresh_summary(provinces):
        if refresh:
            refresh_all(provinces)

    from . import services

    pk = roster_import.pk
    # The status moves only through the import's state machine (services), audited; the
    # counters below are progress, written with each chunk. This process takes the import's
    # lease (core.leases), renewed with every chunk: a worker killed midway leaves it to run
    # out, and the import is run again from the start.
    owner = leases.this_worker()
    begun = services.rosterimport_begin(roster_import, lease_owner=owner)
    if begun is None:  # cancelled while it waited, or already ended: nothing to run
        roster_import.refresh_from_db()
        if progress:
            progress(roster_import)
        return roster_import
    roster_import = begun
    try:
        try:
            roster = open_roster(roster_import.file.path)
        except MemoryError:  # over the import's memory cap (retirees.limits)
            raise RosterFileError(memory_refusal()) from None
    except RosterFileError as error:  # e.g. a sheet far larger than a roster: refused before reading
        services.rosterimport_end(roster_import, "fail", error=RosterImport.REFUSED + str(error), lease_owner=owner)
        roster_import.refresh_from_db()
        if progress:
            progress(roster_import)
        return roster_import
    checker = RowChecker(roster.headers, roster_import.mapping, roster_import.province)
    update_columns = ["national_code_index"] + [
        column for name in roster_import.mapping.values() if name for column in UPDATED_BY_FIELD.get(name, ())
    ]
    RosterImport.objects.filter(pk=pk).update(total_rows=roster.total_rows)
    folder = Path(settings.MEDIA_ROOT) / "roster-imports" / str(pk)
    _private_dir(folder)
    rejects_path, warnings_path = folder / "rejected.csv", folder / "warned.csv"
    sink = ChunkSink(pk, Loader(update_columns, pk), owner)
    # On PostgreSQL a writer thread with its own connection loads one chunk while the next is
    # validated (the server works in its own process). Not on SQLite, where the writing is done
    # in this process and threads only contend; nor inside a caller's transaction (tests, demo).
    writer = ChunkWriter(sink.write, threaded=connection.vendor == "postgresql" and not connection.in_atomic_block)
    processed = 0
    deferred = bulk_indexes.defer(roster.total_rows)

    totals = {"processed": 0, "saved": 0, "rejected": 0, "warned": 0, "skipped": 0}

    def finish_files():
        totals.update(processed=processed, saved=processed - totals["rejected"] - totals["skipped"])
        _write_rejects_xlsx(roster_import, rejects_path, warnings_path, roster.headers, checker, totals)

    try:
        # Created readable by this user only: these rows hold codes and mobiles in clear.
        with open(_private_file(rejects_path), "w", newline="", encoding="utf-8") as rejects_handle, \
                open(_private_file(warnings_path), "w", newline="", encoding="utf-8") as warnings_handle:
            rejects, warned_sheet = csv.writer(rejects_handle), csv.writer(warnings_handle)
            chunk, rekeys, counts = [], [], {"rejected": 0, "warned": 0, "skipped": 0}
            # A small first chunk sets the writer going early; the rest are full-size.
            flush_at = min(FIRST_CHUNK_ROWS, chunk_rows)
            for sheet, line, values in roster.rows():
                row, errors = checker.check(values)
                processed += 1
                if row is not None:
                    chunk.append(row)
                    if checker.warnings:
                        counts["warned"] += 1
                        totals["warned"] += 1
                        for column, reason, value in checker.warnings:
                            warned_sheet.writerow([sheet, line, column, reason, value, *values])
                elif errors:
                    counts["rejected"] += 1
                    totals["rejected"] += 1
                    for column, reason, value in errors:
                        rejects.writerow([sheet, line, column, reason, value, *values])
                else:
                    counts["skipped"] += 1
                    totals["skipped"] += 1
                if processed == flush_at:
                    flush_at += chunk_rows
                    if checker.rekeying:
                        rekeys, checker.rekeys = checker.rekeys, []
                    writer.put(chunk, counts, processed, rekeys, checker.found())
                    chunk, rekeys, counts = [], [], {"rejected": 0, "warned": 0, "skipped": 0}
                    roster_import.refresh_from_db()
                    if progress:
                        progress(roster_import)
                    if roster_import.cancel_requested:
                        raise ImportCancelled
            writer.put(chunk, counts, processed, checker.rekeys, checker.found())
        # The rejected rows' workbook is written while the last chunks are still loading.
        finish_files()
        writer.close()
        refresh_summary(checker.provinces_seen)
        if services.rosterimport_end(roster_import, "finish", lease_owner=owner) is None:
            raise leases.LeaseLost(pk)
        # The roster holds every code and mobile in clear: not kept once it is in the database —
        # unless values went unrecognised, when a national admin may map them and run it again
        # (then `purge_roster_files` deletes it after ROSTER_FILE_RETENTION_DAYS).
        if not RosterImport.objects.filter(pk=pk).values_list("unknown_values", flat=True).get():
            delete_upload(roster_import)
    except ImportCancelled:
        writer.close()
        finish_files()
        refresh_summary(checker.provinces_seen)
        services.rosterimport_end(roster_import, "stop", lease_owner=owner)
    except leases.LeaseLost:
        # Presumed dead and handed to another run, which carries on; this one writes nothing more.
        writer.abandon()
        log.warning("roster import %s was taken over by another run; this one stops", pk)
    except Exception as error:
        writer.abandon()
        if isinstance(error, MemoryError):  # the import's memory cap (retirees.limits): the file's fault
            error = RosterFileError(memory_refusal())
        else:
            log.exception("roster import %s failed", pk)
        refused = isinstance(error, RosterFileError)  # the file's fault: said to the uploader, not raised
        services.rosterimport_end(roster_import, "fail", error=(RosterImport.REFUSED if refused else "") + str(error),
                                  lease_owner=owner)
        if not refused:
            raise
    finally:
        if deferred:
            bulk_indexes.ensure()
    roster_import.refresh_from_db()
    if progress:
        progress(roster_import)
    return roster_import


def _write_rejects_xlsx(roster_import, rejects_path: Path, warnings_path: Path, headers: list[str], checker,
                        totals: dict) -> None:
    """The import's workbook, right to left: a summary with counts by reason in plain words, then
    the rejected rows and the rows saved with warnings apart (sheet, line, column, reason, value,
    then the row as it was)."""
    from openpyxl import Workbook

    from core.display import number
    from core.exports import neutralise

    roster_import.reasons = {kind: dict(found) for kind, found in checker.reasons.items()}
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(title=_("Summary")[:31])
    summary.sheet_view.rightToLeft = True
    summary.append([_("Import of %(file)s") % {"file": neutralise(roster_import.original_name)}])
    sentences = reason_summary(roster_import)
    for line in (
        [_("Rows read"), totals["processed"]],
        [_("People saved"), totals["saved"]],
        [_("of whom saved with warnings (a value left empty)"), totals["warned"]],
        [_("Rows rejected (the person cannot be identified)"), totals["rejected"]],
        [_("Rows of other provinces skipped"), totals["skipped"]],
        [],
        [_("Rejected rows, by reason")], *[[sentence] for sentence in sentences["rejected"] or [_("none")]],
        [],
        [_("Saved with warnings, by reason")], *[[sentence] for sentence in sentences["warned"] or [_("none")]],
    ):
        summary.append([value if not isinstance(value, int) else number(value) for value in line])
    if totals["skipped"]:
        summary.append([])
        summary.append([_("Rows of other provinces are not this import's: they are counted here and not listed.")])
    header = [_("Sheet"), _("Line"), _("Column"), _("Reason"), pgettext("rejected row", "Value"), *headers]
    limit = 1_048_575  # rows per sheet after the header
    for path, title in ((rejects_path, _("Rejected rows")), (warnings_path, _("Saved with warnings"))):
        sheet, written = None, limit
        with open(path, newline="", encoding="utf-8") as handle:
            for record in csv.reader(handle):
                if written >= limit:
                    suffix = f" {number(2 + (sheet is not None))}" if sheet is not None else ""
                    sheet = workbook.create_sheet(title=title[:25] + suffix)
                    sheet.sheet_view.rightToLeft = True
                    sheet.append(header)
                    written = 0
                record[1] = int(record[1])
                sheet.append([neutralise(value) for value in record])
                written += 1
        if sheet is None:
            sheet = workbook.create_sheet(title=title[:25])
            sheet.sheet_view.rightToLeft = True
            sheet.append(header)
        path.unlink(missing_ok=True)
    if roster_import.rejects_file:  # a run before this one
        roster_import.rejects_file.delete(save=False)
    target = rejects_path.with_suffix(".xlsx")
    workbook.save(target)
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


def _private_file(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def delete_upload(roster_import) -> None:
    """Remove an import's uploaded file (its rows are in the roster, encrypted, or it is abandoned)."""
    if roster_import.file:
        roster_import.file.delete(save=False)
    RosterImport.objects.filter(pk=roster_import.pk).update(file="")


def start_import(path, original_name: str, province=None, mapping=None, by=None) -> RosterImport:
    """A new import for a file already on disk (the command line); the mapping is guessed when not
    given. Created and started through the import's state machine (services), audited."""
    from core.services import WorkflowError

    from . import services

    try:
        return services.rosterimport_start_file(path, original_name, by, province=province, mapping=mapping)
    except WorkflowError as error:
        raise MappingError(str(error)) from error


def sample_values(roster_import, per_column: int = 3, read_rows: int = 200) -> dict[str, list[str]]:
    """A few different values of each column from the file's first rows, for the mapping page,
    in Persian digits; columns that look like national codes or mobiles are masked."""
    from core.normalize import to_persian_digits
    from core.privacy import mask

    personal = {header for header, name in (roster_import.mapping or {}).items() if name in ("national_code", "mobile")}
    samples = {header: [] for header in roster_import.headers}
    try:
        roster = open_roster(roster_import.file.path)
        for count, (_sheet, _line, values) in enumerate(roster.rows()):
            if count >= read_rows:
                break
            for header, value in zip(roster_import.headers, values, strict=False):
                text = str(value).strip()[:40]
                found = samples.setdefault(header, [])
                if text and len(found) < per_column and text not in found:
                    found.append(text)
    except (RosterFileError, OSError, ValueError):
        return {}
    return {header: [to_persian_digits(mask(value) if header in personal else value) for value in found]
            for header, found in samples.items()}
