"""Issue 14, beyond one machine: app servers keep nothing of their own. Settings from the
environment give a shared cache and session store (Redis) and a read replica; with Redis
reachable, a write seen through one server's cache client invalidates what another cached,
and a session made by one is read by another."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from accounts.testing import make_user, sign_in
from core import cache as safiran_cache
from core.roles import Role
from geo.testing import make_province

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def resolved_settings(**environment) -> dict:
    """The settings a production app server would run with, given its environment."""
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'location': str(s.CACHES['default'].get('LOCATION')), "
            "'session': s.SESSION_ENGINE, 'databases': sorted(s.DATABASES), 'replica': s.SAFIRAN_READ_REPLICA, "
            "'routers': s.DATABASE_ROUTERS, 'save_every': s.SESSION_SAVE_EVERY_REQUEST}))")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_ALLOW"))}
    env.update({"DJANGO_SETTINGS_MODULE": "safiran.settings", "SECRET_KEY": "x" * 50, "SAFIRAN_DATA_KEY": "y" * 50,
                "DJANGO_ENV": "production", "ALLOWED_HOSTS": "safiran.example.ir", **environment})
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_defaults_share_the_cache_between_the_processes_of_one_machine(tmp_path):
    seen = resolved_settings(SAFIRAN_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert seen["cache"].endswith("FileBasedCache") and seen["location"].startswith(str(tmp_path))
    assert seen["session"] == "django.contrib.sessions.backends.db"
    assert seen["databases"] == ["default"] and seen["replica"] is False
    assert seen["save_every"] is False  # sessions renew at most every few minutes (SessionRenewalMiddleware)


def test_several_servers_share_redis_and_read_reports_from_a_replica(tmp_path):
    seen = resolved_settings(
        SAFIRAN_VAR_DIR=str(tmp_path), CACHE_URL="redis://127.0.0.1:6379/1",
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        DATABASE_URL="postgres://safiran@db-primary:5432/safiran", REPLICA_DATABASE_URL="postgres://safiran@db-replica:5432/safiran",
    )
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["session"] == "django.contrib.sessions.backends.cache"
    assert seen["databases"] == ["default", "replica"] and seen["replica"] is True
    assert seen["routers"] == ["core.db.ReplicaRouter"]


REDIS_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "safiran-test"},
    "other_server": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "safiran-test"},
}


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
@override_settings(CACHES=REDIS_CACHES, SAFIRAN_CACHE_SECONDS=60)
def test_a_write_on_one_server_invalidates_what_another_cached():
    this, other = caches["default"], caches["other_server"]  # two clients, as two app servers hold
    this.clear()
    before = safiran_cache.generation()
    assert other.get(safiran_cache.GENERATION_KEY) == before
    other.incr(safiran_cache.GENERATION_KEY)  # the other server saved something
    assert safiran_cache.generation() == before + 1
    this.clear()


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db
@override_settings(CACHES=REDIS_CACHES, SESSION_ENGINE="django.contrib.sessions.backends.cache")
def test_a_session_made_on_one_server_is_read_on_another(client):
    from django.test import Client

    caches["default"].clear()
    user = make_user(Role.COORDINATOR, make_province("23"))
    sign_in(client, user)
    other = Client()  # another app server: nothing in common with the first but Redis
    other.cookies = client.cookies
    response = other.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    caches["default"].clear()
