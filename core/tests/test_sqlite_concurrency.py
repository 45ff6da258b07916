"""Several processes (gunicorn workers, the task worker) write to one SQLite file at once:
with the settings' WAL + IMMEDIATE transactions + busy timeout, none fails with
"database is locked", even when a transaction reads before it writes."""
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

WRITER = """
import django, os, time
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, worker TEXT)")
time.sleep(max(0.0, float(os.environ["START_AT"]) - time.time()))  # all writers start together
for _ in range(60):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM hits")  # read first, then write: the classic lock upgrade
            cursor.fetchone()
            time.sleep(0.002)
            cursor.execute("INSERT INTO hits (worker) VALUES (%s)", [os.environ["WORKER"]])
"""


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only")
def test_concurrent_writers_do_not_lock_each_other_out(tmp_path):
    database = tmp_path / "concurrent.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "safiran.settings",
        "START_AT": str(time.time() + 2),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # Create the table once so the writers race only on inserts.
    subprocess.run([sys.executable, "-c", WRITER.replace("range(60)", "range(0)")], env={**env, "WORKER": "0"},
                   cwd=settings.BASE_DIR, check=True, timeout=60)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER], env={**env, "WORKER": str(n)}, cwd=settings.BASE_DIR,
                         stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert all(writer.returncode == 0 for writer in writers), errors
    import sqlite3

    with sqlite3.connect(database) as check:
        assert check.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == 180
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
