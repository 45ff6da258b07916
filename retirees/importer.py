"""The roster import: stream the file, validate each row in Python, bulk-load valid rows. In
three parts — `rows` (checking), `loader` (writing), `pipeline` (running) — and this module is
their front door.

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
the same end state as one clean run. Rejected rows and rows saved with warnings go to an XLSX
(line, column, reason), after a summary by reason.
"""
from .loader import COLUMNS, PG_TYPES, ROSTER_WRITE_LOCK, UPDATED_BY_FIELD, ChunkSink, ChunkWriter, Loader
from .pipeline import (
    CHUNK_ROWS,
    FIRST_CHUNK_ROWS,
    ImportCancelled,
    MappingError,
    check_mapping,
    run_import,
    start_import,
)
from .roster_files import RosterFileError
from .rows import REJECTIONS, WARNINGS, RowChecker, _checksum_ok, reason_summary

__all__ = [
    "CHUNK_ROWS", "COLUMNS", "FIRST_CHUNK_ROWS", "PG_TYPES", "REJECTIONS", "ROSTER_WRITE_LOCK",
    "UPDATED_BY_FIELD", "WARNINGS", "ChunkSink", "ChunkWriter", "ImportCancelled", "Loader", "MappingError",
    "RosterFileError", "RowChecker", "_checksum_ok", "check_mapping", "reason_summary", "run_import", "start_import",
]
