"""Roster import, part 2 of 3 — loader: validated rows into the roster, chunk by chunk.

- PostgreSQL: people not yet on the roster go straight into it with binary COPY; people
  already there go through a temporary staging table and one
  `INSERT … SELECT … ON CONFLICT (national_code_index) DO UPDATE … WHERE … IS DISTINCT FROM`
  (chunk writes of concurrent imports take turns under an advisory lock);
- SQLite: `executemany` into an in-memory staging table (single-row INSERTs, so the
  999-parameter cap of multi-row INSERTs does not apply), then the same upsert as one
  `INSERT … SELECT`; one transaction per chunk.

An upsert that finds identical values changes nothing. A record key (the cell-key method's)
is written with a new person and never updated.
"""
import queue
import sys
import threading

from django.db import connection, transaction
from django.utils import timezone

from .models import RosterImport

# Columns written for every row, in order.
COLUMNS = (
    "national_code_encrypted", "national_code_index", "first_name", "last_name", "gender", "birth_date",
    "retirement_date", "province_id", "county_id", "education", "field_of_study", "specialty", "agency_id",
    "mobile_encrypted", "field_key", "specialty_key", "consent_contact", "consent_children", "record_key",
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
    "bytea", "text", "text", "bool", "bool", "int2",
)

_BIRTH, _RETIRED = COLUMNS.index("birth_date"), COLUMNS.index("retirement_date")


def dates_as_text(rows: list[list]) -> None:
    """A chunk's dates as the ISO text SQLite stores, in place; text already is left (a parallel
    import's checking process converts them before sending: less to pickle)."""
    for row in rows:
        if row[_BIRTH].__class__ is not str:
            row[_BIRTH] = row[_BIRTH].isoformat()
        if row[_RETIRED] is not None and row[_RETIRED].__class__ is not str:
            row[_RETIRED] = row[_RETIRED].isoformat()


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

    def rekey(self, rekeys: list[tuple[list[bytes], bytes, bytes]]) -> None:
        """People stored under an old data key (a rotation under way) move to the current key's
        blind index and ciphertext first, so the upsert below finds them (retirees/crypto.py)."""
        marks = ", ".join(["%s"] * len(rekeys[0][0]))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET national_code_index = %s, national_code_encrypted = %s "
                f"WHERE national_code_index IN ({marks})",
                [(index, encrypted, *old) for old, index, encrypted in rekeys],
            )

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
        dates_as_text(rows)
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


class ChunkSink:
    """Writes one chunk and the progress counters in one transaction."""

    def __init__(self, pk, loader, owner: str = ""):
        # `owner`: this run's lease (core.leases); a chunk is written only while it still holds,
        # so a run presumed dead and started again elsewhere cannot write beside its successor.
        self.pk, self.loader, self.owner = pk, loader, owner
        self.counts = {"saved_rows": 0, "changed_rows": 0, "rejected_rows": 0, "warned_rows": 0, "skipped_rows": 0}

    def write(self, chunk, counts, processed, rekeys=(), found=None):
        with transaction.atomic():
            if rekeys:
                self.loader.rekey(rekeys)
            self.counts["changed_rows"] += self.loader.write(chunk)
            self.counts["saved_rows"] += len(chunk)
            self.counts["rejected_rows"] += counts["rejected"]
            self.counts["warned_rows"] += counts["warned"]
            self.counts["skipped_rows"] += counts["skipped"]
            # `found`: the reasons and unrecognised values up to this chunk's last row, copied by
            # the reading thread when it handed the chunk over.
            reasons, unknown = found if found is not None else ({}, [])
            mine = RosterImport.objects.filter(pk=self.pk)
            lease = {}
            if self.owner:
                from core.leases import lease_until

                mine, lease = mine.filter(lease_owner=self.owner), {"lease_until": lease_until()}
            if not mine.update(processed_rows=processed, reasons=reasons, unknown_values=unknown, **lease,
                               **self.counts):
                from core.leases import LeaseLost

                raise LeaseLost(self.pk)  # the chunk is rolled back with the transaction


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
