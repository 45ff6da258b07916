"""Re-encrypting personal data under the current data key (`manage.py rotate_data_key`): every
encrypted column of every model — the roster's retirees and their children, ambassadors, and
event registrations (their mobile, national code and `person_key` digest) — listed in TARGETS;
a test checks that no encrypted column is missing from it.

With SAFIRAN_DATA_KEY set to a new key and the old one in SAFIRAN_OLD_DATA_KEYS, everything
keeps working while this runs (values are read with the key that wrote them; lookups try every
key's blind index; an import rewrites the people it meets under the new key first). The
rotation walks the tables by primary key in chunks, each chunk one transaction (on PostgreSQL
taking its turn with imports' chunk writes under their advisory lock), rewriting only values
not yet under the current key. So it can be stopped at any moment and run again: it picks up
what is left. When it reports nothing left, remove the old key.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.module_loading import import_string

from . import crypto


def _value_of(column: str) -> Callable[[dict], str]:
    """A blind index over one encrypted column's clear value."""
    return lambda values: values[column]


def _registration_person(values: dict) -> str:
    # events.registration owns what the digest is made of; imported when the rotation runs.
    person_key_text = import_string("events.registration.person_key_text")
    return person_key_text(values["full_name"], values["mobile_cipher"], values["national_code_cipher"])


@dataclass(frozen=True)
class Target:
    """One table: its encrypted columns; its blind-index columns, each with what it digests
    (from the row's clear values: decrypted columns and `plain` ones); the clear columns read."""

    table: str
    encrypted: tuple[str, ...]
    indexes: tuple[tuple[str, Callable[[dict], str]], ...] = ()
    plain: tuple[str, ...] = field(default=())


TARGETS = (
    Target("retirees_retiree", ("national_code_encrypted", "mobile_encrypted"),
           (("national_code_index", _value_of("national_code_encrypted")),)),
    Target("retirees_child", ("mobile_encrypted",)),
    Target("ambassadors_ambassador", ("national_code_encrypted", "mobile_encrypted"),
           (("national_code_index", _value_of("national_code_encrypted")), ("mobile_index", _value_of("mobile_encrypted")))),
    Target("events_registration", ("mobile_cipher", "national_code_cipher"), (("person_key", _registration_person),),
           plain=("full_name",)),
)


@dataclass
class Progress:
    table: str
    seen: int
    rewritten: int
    total: int


def _stale(row_values, index_values) -> bool:
    return not all(crypto.is_current(value) for value in (*row_values, *index_values))


def _columns(target: Target) -> list[str]:
    return [*target.encrypted, *(name for name, _derive in target.indexes), *target.plain]


def _split(target: Target, values) -> tuple[list, list, list]:
    encrypted, indexed = len(target.encrypted), len(target.encrypted) + len(target.indexes)
    return list(values[:encrypted]), list(values[encrypted:indexed]), list(values[indexed:])


def rotate(chunk: int = 5_000, max_chunks: int | None = None, progress=None) -> dict[str, int]:
    """Re-encrypt what is not under the current key; returns {table: rows rewritten}.
    `progress(Progress)` is called after each chunk; `max_chunks` stops early (run again to go on)."""
    from .importer import ROSTER_WRITE_LOCK

    key = crypto.current_key()
    done, chunks = {}, 0
    for target in TARGETS:
        table = target.table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            total = cursor.fetchone()[0]
        names = _columns(target)
        written = names[:len(target.encrypted) + len(target.indexes)]
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
                    encrypted, indexes, plain = _split(target, values)
                    if not _stale(encrypted, indexes):
                        continue
                    clear = {name: crypto.decrypt(value) for name, value in zip(target.encrypted, encrypted, strict=True)}
                    clear.update(zip(target.plain, plain, strict=True))
                    new = [key.encrypt(clear[name]) for name in target.encrypted]
                    for _name, derive in target.indexes:
                        text = derive(clear)
                        new.append(key.index(text) if text else b"")
                    updates.append([*new, pk])
                if updates:
                    sets = ", ".join(f"{name} = %s" for name in written)
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
    for target in TARGETS:
        encrypted, indexed = len(target.encrypted), len(target.encrypted) + len(target.indexes)
        names = _columns(target)[:indexed]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM {target.table}")
            left[target.table] = sum(1 for values in cursor.fetchall()
                                     if _stale(values[:encrypted], values[encrypted:indexed]))
    return left
