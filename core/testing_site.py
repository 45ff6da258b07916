"""A whole Safiran in other processes, for fault tests: its own migrated database (a SQLite
file, or a PostgreSQL database of its own), its own var/ directory and data key, and
`manage.py` run as a child process — the task worker started, killed with SIGKILL and started
again as in production. Nothing here touches the test run's own database.

    site = Site.create(tmp_path)                # a copy of a database migrated once per run
    site.shell("from x import y; print(y())")   # manage.py shell -c, stdout back
    worker = site.start_worker()                # manage.py task_worker
    site.kill(worker)                           # SIGKILL
    site.query("SELECT count(*) FROM retirees_retiree")
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DATA_KEY = "fault-tests-data-key-" + "x" * 40
_TEMPLATES: dict[str, object] = {}


def postgres_url() -> str | None:
    """The server the suite's PostgreSQL run uses, or None when the suite runs on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[0] if url.startswith(("postgres://", "postgresql://")) else None


def suite_vendor() -> str:
    """The database the suite runs on: fault tests use the same kind."""
    return "postgresql" if postgres_url() else "sqlite"


def _base_env(var_dir: Path, database_url: str, **extra) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="safiran.settings", DJANGO_ENV="development", DATABASE_URL=database_url,
        SAFIRAN_VAR_DIR=str(var_dir), SAFIRAN_DATA_KEY=DATA_KEY, SECRET_KEY="fault-tests-secret", DEBUG="false",
        LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1", SAFIRAN_OLD_DATA_KEYS="",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def _run(env, *args, timeout=300, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode:
        raise AssertionError(f"manage.py {' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}\n"
                             f"{result.stderr[-4000:]}")
    return result


def _template(vendor: str):
    """A database migrated once per test process: a file to copy, or a PostgreSQL template."""
    if vendor in _TEMPLATES:
        return _TEMPLATES[vendor]
    folder = Path(tempfile.mkdtemp(prefix="safiran-site-template-"))
    if vendor == "sqlite":
        url = f"sqlite:///{folder / 'db.sqlite3'}"
        _run(_base_env(folder, url), "migrate", "-v0", timeout=600)
        _TEMPLATES[vendor] = folder / "db.sqlite3"
    else:
        name = f"faults_tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        _psql(f'CREATE DATABASE "{name}"')
        atexit.register(_psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _run(_base_env(folder, f"{postgres_url()}/{name}"), "migrate", "-v0", timeout=600)
        _TEMPLATES[vendor] = name
    return _TEMPLATES[vendor]


def _psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(["psql", f"{postgres_url()}/{database}", "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                            capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise AssertionError(result.stderr)
    return result.stdout


class Site:
    def __init__(self, folder: Path, vendor: str, database: str, **settings_env):
        self.folder, self.vendor, self.database = folder, vendor, database
        url = f"sqlite:///{database}" if vendor == "sqlite" else f"{postgres_url()}/{database}"
        self.env = _base_env(folder / "var", url, **settings_env)
        self.processes: list[subprocess.Popen] = []

    @classmethod
    def create(cls, folder, vendor: str | None = None, **settings_env) -> Site:
        folder, vendor = Path(folder), vendor or suite_vendor()
        (folder / "var").mkdir(parents=True, exist_ok=True)
        template = _template(vendor)
        if vendor == "sqlite":
            database = str(folder / "db.sqlite3")
            shutil.copyfile(template, database)
        else:
            database = f"faults_{uuid.uuid4().hex[:12]}"
            _psql(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        return cls(folder, vendor, database, **settings_env)

    # --- commands -------------------------------------------------------------------------
    def manage(self, *args, check=True, **env) -> subprocess.CompletedProcess:
        return _run({**self.env, **{key: str(value) for key, value in env.items()}}, *args, check=check)

    def shell(self, code: str, **env) -> str:
        return self.manage("shell", "--no-imports", "-c", code, **env).stdout.strip()

    def start_worker(self, **env) -> subprocess.Popen:
        log = open(self.folder / f"worker-{len(self.processes)}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
            cwd=ROOT, env={**self.env, **{key: str(value) for key, value in env.items()}}, stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        self.processes.append(process)
        return process

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL: no handler, no clean-up, as the kernel's out-of-memory killer does it."""
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.log.close()

    @staticmethod
    def stop(process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.log.close()

    def worker_log(self, index: int = -1) -> str:
        return Path(self.processes[index].log.name).read_text()

    # --- reading the database directly ------------------------------------------------------
    def query(self, sql: str, params=()) -> list[tuple]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.database, timeout=30) as connection:
                return connection.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(f"{postgres_url()}/{self.database}") as connection:
            return connection.execute(sql.replace("?", "%s"), params).fetchall()

    def value(self, sql: str, params=()):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def wait_for(self, condition, timeout: float = 120, every: float = 0.05, what: str = "the condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            time.sleep(every)
        raise AssertionError(f"timed out waiting for {what}; worker log:\n{self.worker_log()[-3000:] if self.processes else ''}")

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.stop(process)
        if self.vendor == "postgresql":
            _psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)
