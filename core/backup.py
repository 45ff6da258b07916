"""Backing up and restoring the database (`manage.py backup` / `manage.py restore`).

- SQLite: the online backup API (`sqlite3.Connection.backup`), page by page while the site
  runs; the backup is itself a SQLite database file.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`
  (the PostgreSQL client tools of the server's major version must be installed).

The data key (SAFIRAN_DATA_KEY) is not in the database, so it is never in a backup: national
codes and mobiles stay encrypted in it, and whoever holds a backup without the key holds no
personal data in clear. Keep the key apart, in its own custody (docs/operations.md). After a
restore, `check_data_key` decrypts one value of every encrypted column: a backup taken under a
key this server does not have is reported at once, not on the first page that needs it.
Backups are written readable by their owner only. Uploaded files (var/media/) are not in the
database; back them up with the file system.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection, models

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done, said plainly for the operator."""


def _private(path: Path) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    settings_dict = connection.settings_dict
    arguments = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (Debian: postgresql-client).")
    return found


def backup(target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    _private(target)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as destination:
                connection.connection.backup(destination)
            destination.close()
        elif connection.vendor == "postgresql":
            arguments, env = _pg_arguments()
            result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                                     "--file", str(target), *arguments], env=env, capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    target.chmod(0o600)
    return target


def restore(source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    with open(source, "rb") as handle:
        head = handle.read(16)
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError("This file is not a SQLite backup (a PostgreSQL backup is restored on PostgreSQL).")
        connection.close()
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin:
            origin.backup(connection.connection)
        origin.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_CUSTOM_MAGIC):
            raise BackupError("This file is not a PostgreSQL backup made by `manage.py backup` (pg_dump's custom format).")
        connection.close()
        arguments, env = _pg_arguments()
        result = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                                 "--single-transaction", "--exit-on-error", *arguments, str(source)],
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore failed (nothing was changed): {result.stderr.strip()}")
    else:
        raise BackupError(f"Restoring a {connection.vendor} database is not supported.")


def encrypted_columns() -> list[tuple[type[models.Model], str]]:
    """Every stored ciphertext: binary fields named `…_encrypted` or `…_cipher` (core.crypto)."""
    return [(model, field.name) for model in apps.get_models() for field in model._meta.concrete_fields
            if isinstance(field, models.BinaryField) and field.name.endswith(("_encrypted", "_cipher"))]


def check_data_key() -> list[str]:
    """Columns whose stored values the configured keys cannot decrypt (one value each is tried)."""
    from cryptography.exceptions import InvalidTag

    from .crypto import decrypt

    unreadable = []
    for model, name in encrypted_columns():
        value = (model._base_manager.exclude(**{name: b""}).exclude(**{f"{name}__isnull": True})
                 .values_list(name, flat=True).first())
        if value:
            try:
                decrypt(value)
            except InvalidTag:
                unreadable.append(f"{model._meta.label}.{name}")
    return unreadable
