"""A large roster import on SQLite writes without the list-order indexes and builds them after.

The roster's two name indexes (retirees.Retiree Meta, `DEFERRED`) serve the list pages; kept up
row by row they cost a third of a national import (1.5 M rows, this host: 102 s with them, 67 s
without, and building both afterwards takes seconds: docs/modules/retirees.md). SQLite only:
PostgreSQL new people go in by COPY and its server does the index work beside the importer.

While they are gone the roster's pages sort instead of reading an index — slower, never wrong.
Whatever ends the import (finished, stopped, failed) builds them again; a worker killed midway
leaves them to the import recovery (`ensure`), which runs before anything is handed back.
"""
from django.db import connection

DEFERRED = ("retiree_province_name", "retiree_name")
# Below this many rows in the file the indexes are kept up as rows come (a province's update).
MIN_ROWS = 100_000


def _indexes():
    from .models import Retiree

    return [index for index in Retiree._meta.indexes if index.name in DEFERRED]


def defer(total_rows: int) -> bool:
    """Drop the list-order indexes before a large import on SQLite; True when they were dropped."""
    if connection.vendor != "sqlite" or connection.in_atomic_block or total_rows < MIN_ROWS:
        return False
    with connection.cursor() as cursor:
        for index in _indexes():
            cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
    return True


def ensure() -> int:
    """Build any list-order index that is missing (after an import, or one a killed worker left).
    Returns how many were built."""
    if connection.vendor != "sqlite":
        return 0
    from .models import Retiree

    built = 0
    editor = connection.schema_editor()  # only to write the index's SQL, as its migration did
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                       [Retiree._meta.db_table])
        present = {name for (name,) in cursor.fetchall()}
        missing = [index for index in _indexes() if index.name not in present]
        if missing:
            # The build sorts in at most this much memory, spilling the rest to a temporary file:
            # the import's memory stays within its budget (peak RSS in docs/modules/retirees.md).
            cursor.execute("PRAGMA cache_size = -16384")
        for index in missing:
            sql = str(index.create_sql(Retiree, editor)).replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
            cursor.execute(sql)
            built += 1
    return built
