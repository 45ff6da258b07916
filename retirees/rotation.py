"""Re-encrypting personal data (the roster's and ambassadors') under the current data key
(`manage.py rotate_data_key`).

With SAFIRAN_DATA_KEY set to a new key and the old one in SAFIRAN_OLD_DATA_KEYS, everything
keeps working while this runs (values are read with the key that wrote them; lookups try every
key's blind index; an import rewrites the people it meets under the new key first). The
rotation walks the tables by primary key in chunks, each chunk one transaction (on PostgreSQL
taking its turn with imports' chunk writes under their advisory lock), rewriting only values
not yet under the current key. So it can be stopped at any moment and run again: it picks up
what is left. When it reports nothing left, remove the old key.
"""
from dataclasses import dataclass

from django.db import connection, transaction

from . import crypto

# (table, encrypted columns, (blind index column, the encrypted column it indexes) pairs)
TARGETS = (
    ("retirees_retiree", ("national_code_encrypted", "mobile_encrypted"), (("national_code_index", "national_code_encrypted"),)),
    ("retirees_child", ("mobile_encrypted",), ()),
    ("ambassadors_ambassador", ("national_code_encrypted", "mobile_encrypted"),
     (("national_code_index", "national_code_encrypted"), ("mobile_index", "mobile_encrypted"))),
)


@dataclass
class Progress:
    table: str
    seen: int
    rewritten: int
    total: int


def _stale(row_values, index_values) -> bool:
    return not all(crypto.is_current(value) for value in (*row_values, *index_values))


def rotate(chunk: int = 5_000, max_chunks: int | None = None, progress=None) -> dict[str, int]:
    """Re-encrypt what is not under the current key; returns {table: rows rewritten}.
    `progress(Progress)` is called after each chunk; `max_chunks` stops early (run again to go on)."""
    from .importer import ROSTER_WRITE_LOCK

    key = crypto.current_key()
    done, chunks = {}, 0
    for table, columns, index in TARGETS:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            total = cursor.fetchone()[0]
        names = list(columns) + [name for name, _source in index]
        last, seen, rewritten = 0, 0, 0
        while True:
            if max_chunks is not None and chunks >= max_chunks:
                return done
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROSTER_WRITE_LOCK])
                cursor.execute(
                    f"SELECT id, {', '.join(names)} FROM {table} WHERE id > %s ORDER BY id LIMIT %s", [last, chunk]
                )
                found = cursor.fetchall()
                if not found:
                    break
                updates = []
                for pk, *values in found:
                    encrypted, indexes = values[:len(columns)], values[len(columns):]
                    if not _stale(encrypted, indexes):
                        continue
                    plain = {name: crypto.decrypt(value) for name, value in zip(columns, encrypted, strict=True)}
                    new = [key.encrypt(plain[name]) for name in columns]
                    new += [key.index(plain[source]) if plain[source] else b"" for _name, source in index]
                    updates.append([*new, pk])
                if updates:
                    sets = ", ".join(f"{name} = %s" for name in names)
                    cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)
                last, seen, rewritten = found[-1][0], seen + len(found), rewritten + len(updates)
            chunks += 1
            done[table] = rewritten
            if progress:
                progress(Progress(table, seen, rewritten, total))
        done[table] = rewritten
    return done


def remaining() -> dict[str, int]:
    """How many rows per table still hold a value under an old key (a full read; for the report)."""
    left = {}
    for table, columns, index in TARGETS:
        names = list(columns) + [name for name, _source in index]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
            left[table] = sum(1 for values in cursor.fetchall() if _stale(values[:len(columns)], values[len(columns):]))
    return left
