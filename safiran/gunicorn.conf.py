"""gunicorn's settings for `make run` (Procfile), `make loadtest` and production (docs/operations.md).

Two cores: `WEB_WORKERS` processes × `WEB_THREADS` threads (defaults 2 × 4; a page is mostly
Python, so one process serves one request at a time and its threads overlap the waits). Idle
connections are kept 5 s: a browser (or Locust) waiting 1–3 s between pages reuses its
connection instead of racing gunicorn's 2 s default close (docs/operations.md#load-test).
Each worker warms itself before it takes requests (core/warmup.py).
"""
import os

workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = int(os.environ.get("KEEP_ALIVE", "5"))
graceful_timeout = 10


def post_worker_init(worker):
    from core.warmup import warm_up

    warm_up()
