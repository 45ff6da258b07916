"""Roster import, part 3 of 3 — pipeline: stream the file through `rows` into `loader`,
committing each chunk with the import's counters, and write the result workbook (a summary by
reason, then the rejected rows and the rows saved with warnings apart).

One loop, `checked_chunks`, reads and checks the rows. It runs in this process (PostgreSQL,
small files, imports inside a transaction), or — a large file on SQLite — in a forked process
that hands the chunks over a pipe while this one writes the previous chunk (`_forked_chunks`)."""
import contextlib
import csv
import gc
import logging
import multiprocessing
import os
import signal
import traceback
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import File
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import leases

from . import bulk_indexes
from .limits import memory_refusal
from .loader import COLUMNS, UPDATED_BY_FIELD, ChunkSink, ChunkWriter, Loader, dates_as_text
from .models import RosterImport
from .roster_files import FIELDS, REQUIRED_FIELDS, RosterFileError, open_roster
from .rows import RowChecker, reason_summary

log = logging.getLogger(__name__)

CHUNK_ROWS = 20_000
FIRST_CHUNK_ROWS = 2_000
# On SQLite a file of at least this many rows is read and checked in a forked process while this
# one writes the previous chunk (two cores: wall ≈ the longer of the two, not their sum).
PARALLEL_MIN_ROWS = 50_000
# The checking process's gen-0 GC threshold (the default is 700; see `_check_in_child`).
CHILD_GC_THRESHOLD = 100_000

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

    # SQLite writes in this process: a large file is read and checked in a forked one meanwhile.
    # Not inside a caller's transaction (tests, demo), nor on PostgreSQL (its writer thread above).
    parallel = connection.vendor == "sqlite" and not connection.in_atomic_block and \
        roster.total_rows >= PARALLEL_MIN_ROWS
    source = _forked_chunks if parallel else _inline_chunks
    try:
        with source(roster, checker, rejects_path, warnings_path, chunk_rows) as chunks:
            for chunk in chunks:
                processed = chunk.processed
                for key, count in chunk.counts.items():
                    totals[key] += count
                writer.put(chunk.rows, chunk.counts, processed, chunk.rekeys, chunk.found)
                if chunk.final:
                    break
                roster_import.refresh_from_db()
                if progress:
                    progress(roster_import)
                if roster_import.cancel_requested:
                    raise ImportCancelled
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


class Chunk(NamedTuple):
    """One chunk of checked rows, with what the writer needs beside them."""

    rows: list
    counts: dict  # {"rejected", "warned", "skipped"} in this chunk
    processed: int  # rows read so far, this chunk's included
    rekeys: list
    found: tuple  # checker.found() after this chunk's last row
    provinces: set  # checker.provinces_seen after it
    offsets: tuple  # bytes written to the rejects and warnings CSVs up to this chunk's last row
    final: bool


def checked_chunks(roster, checker, rejects_handle, warnings_handle, chunk_rows: int):
    """The file's rows, checked, in chunks; rejected rows and rows saved with warnings written to
    the two CSV handles as they come. One loop for both ways of running an import."""
    rejects, warned_sheet = csv.writer(rejects_handle), csv.writer(warnings_handle)
    chunk, counts, processed = [], {"rejected": 0, "warned": 0, "skipped": 0}, 0
    # A small first chunk sets the writer going early; the rest are full-size.
    flush_at = min(FIRST_CHUNK_ROWS, chunk_rows)
    check = checker.check
    for sheet, line, values in roster.rows():
        row, errors = check(values)
        processed += 1
        if row is not None:
            chunk.append(row)
            if checker.warnings:
                counts["warned"] += 1
                for column, reason, value in checker.warnings:
                    warned_sheet.writerow([sheet, line, column, reason, value, *values])
        elif errors:
            counts["rejected"] += 1
            for column, reason, value in errors:
                rejects.writerow([sheet, line, column, reason, value, *values])
        else:
            counts["skipped"] += 1
        if processed == flush_at:
            flush_at += chunk_rows
            yield _chunk(checker, chunk, counts, processed, rejects_handle, warnings_handle, final=False)
            chunk, counts = [], {"rejected": 0, "warned": 0, "skipped": 0}
    yield _chunk(checker, chunk, counts, processed, rejects_handle, warnings_handle, final=True)


def _chunk(checker, rows, counts, processed, rejects_handle, warnings_handle, final) -> Chunk:
    rejects_handle.flush()
    warnings_handle.flush()
    offsets = (os.fstat(rejects_handle.fileno()).st_size, os.fstat(warnings_handle.fileno()).st_size)
    rekeys, checker.rekeys = checker.rekeys, []  # empty unless a key rotation is under way
    return Chunk(rows, counts, processed, rekeys, checker.found(), set(checker.provinces_seen), offsets, final)


@contextlib.contextmanager
def _inline_chunks(roster, checker, rejects_path, warnings_path, chunk_rows):
    # Created readable by this user only: these rows hold codes and mobiles in clear.
    with open(_private_file(rejects_path), "w", newline="", encoding="utf-8") as rejects_handle, \
            open(_private_file(warnings_path), "w", newline="", encoding="utf-8") as warnings_handle:
        yield checked_chunks(roster, checker, rejects_handle, warnings_handle, chunk_rows)


class CheckerStopped(RuntimeError):
    """The checking process of a parallel import failed with an unexpected error."""


@contextlib.contextmanager
def _forked_chunks(roster, checker, rejects_path, warnings_path, chunk_rows):
    """The chunks as a forked process checks them (`_check_in_child`), received in order.

    Fork, not spawn: the child inherits the checker built from the database, and the settings,
    and never touches the database itself (pytest's in-memory SQLite could not even be seen by a
    spawned process). A chunk's send blocks until this process takes it, so the child runs at
    most one chunk ahead and memory stays flat. Whatever ends the import here — the end, a
    cancel, a lost lease, an error — the child is ended and reaped, and the CSVs are cut back to
    the rows of the chunks received, so the workbook lists exactly the rows processed."""
    for path in (rejects_path, warnings_path):
        os.close(_private_file(path))  # created readable by this user only, before the child writes
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_check_in_child, name="roster-check", daemon=True,
                            args=(sender, roster, checker, rejects_path, warnings_path, chunk_rows))
    offsets, ended = [0, 0], [False]
    child.start()
    sender.close()
    try:
        yield _received(receiver, child, checker, offsets, ended)
    finally:
        receiver.close()
        if ended[0]:
            child.join(timeout=30)  # it closes its files and exits after the last chunk
        if child.is_alive():
            child.terminate()
        child.join()
        for path, size in zip((rejects_path, warnings_path), offsets, strict=True):
            os.truncate(path, size)


def _received(receiver, child, checker, offsets, ended):
    agency = COLUMNS.index("agency_id")
    while True:
        try:
            message = receiver.recv()
        except EOFError:
            child.join(timeout=5)
            log.error("roster import: the checking process ended without a word (exit code %s)", child.exitcode)
            raise RosterFileError(_child_died_message(child.exitcode)) from None
        if message[0] == "error":
            _, kind, text, trace = message
            if kind == "file":
                raise RosterFileError(text)
            if kind == "memory":
                raise MemoryError(text)
            log.error("roster import: the checking process failed:\n%s", trace)
            raise CheckerStopped(f"checking process: {text}")
        chunk = message[1]
        for row in chunk.rows:
            if row[agency].__class__ is str:  # a name new to the managed list: joins it here
                row[agency] = checker.agency_id(row[agency])
        # What the workbook's summary and the demographics refresh read, as of this chunk.
        checker.reasons = chunk.found[0]
        checker.provinces_seen = chunk.provinces
        offsets[:] = chunk.offsets
        ended[0] = chunk.final
        yield chunk
        if chunk.final:
            return


def _child_died_message(exitcode) -> str:
    return _("The program checking this file's rows stopped unexpectedly (exit code %(code)s), most likely because "
             "the file needs more memory than an import may use. Rows saved before are kept. Check that the file is "
             "a roster, or split it into smaller files, then run it again.") % {"code": exitcode}


def _check_in_child(sender, roster, checker, rejects_path, warnings_path, chunk_rows):
    """The forked process of a parallel import: read and check the file, send the chunks."""
    # The task worker's handlers (django-tasks: SIGTERM finishes the current task first) are not
    # this process's: the parent ends it with SIGTERM and it must go at once; Ctrl-C is the parent's.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything inherited lives until this process exits: freeze it out of the cyclic GC, and
    # collect less often (each chunk makes 20,000 new row lists; the default gen-0 threshold of
    # 700 made the collector cost ~4 s of a 1.5 M import).
    gc.freeze()
    gc.set_threshold(CHILD_GC_THRESHOLD, *gc.get_threshold()[1:])
    checker.create_agencies = False  # no database here: new agency names go to the parent as names
    try:
        with open(rejects_path, "w", newline="", encoding="utf-8") as rejects_handle, \
                open(warnings_path, "w", newline="", encoding="utf-8") as warnings_handle:
            for chunk in checked_chunks(roster, checker, rejects_handle, warnings_handle, chunk_rows):
                dates_as_text(chunk.rows)  # what SQLite stores, and less to pickle
                sender.send(("chunk", chunk))
    except BaseException as error:  # said to the parent, which fails the import with it
        kind = "file" if isinstance(error, RosterFileError) else "memory" if isinstance(error, MemoryError) else "other"
        with contextlib.suppress(Exception):  # the parent may have gone already
            sender.send(("error", kind, str(error) if kind != "other" else f"{type(error).__name__}: {error}",
                         traceback.format_exc()))
    finally:
        sender.close()


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
