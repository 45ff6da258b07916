"""What every page would otherwise recompute (issue 14): figures, permissions, menus.

One rule keeps it correct: every value is cached under a key that includes the **data
generation**, a number kept in the cache and moved on by any write to the programme's data
(`post_save`, `post_delete` and `m2m_changed` of every model except the bookkeeping ones
below), once when the write is made and once when it is committed. A write therefore
invalidates everything at once, in every process that shares the cache; nothing is stored
while a transaction is open (what it shows may be rolled back).

Every process that serves pages must share the cache (settings.CACHES: files under var/ on
one machine by default, Redis for several servers), or a write made by one process would
leave the others' figures stale for up to `SAFIRAN_CACHE_SECONDS`.
"""
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

GENERATION_KEY = "safiran:generation"
# Models whose writes never change what pages show: sessions, the audit trail (written
# beside a change that already moves the generation), lockout bookkeeping, task queue rows.
IGNORED_APPS = {"sessions", "auditlog", "audit", "axes", "django_tasks", "django_tasks_db", "admin", "otp_totp"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh cache (or an evicted key): start from a random number, so no value cached
        # under an earlier generation can be read again.
        cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(GENERATION_KEY, secrets.randbits(48), timeout=None)


# Saves of only these fields change nothing a cached value shows: a sign-in's `last_login` stamp
# (shown by the users' list and page, which are not cached). Each sign-in otherwise emptied every
# cached figure, menu and count in every process — 50 of them at the start of a working day.
UNSHOWN_FIELDS = {("accounts", "user"): frozenset({"last_login"})}


def _changed(sender, update_fields=None, **kwargs):
    if update_fields and frozenset(update_fields) <= UNSHOWN_FIELDS.get(
            (sender._meta.app_label, sender._meta.model_name), frozenset()):
        return
    if sender._meta.app_label not in IGNORED_APPS:
        bump()
        # Again once the write is committed: a value read by another request meanwhile (before
        # the commit) is not kept.
        transaction.on_commit(bump)


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _changed(kwargs["model"]) if sender._meta.auto_created else _changed(sender)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="safiran-cache-save")
    post_delete.connect(_changed, dispatch_uid="safiran-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="safiran-cache-m2m")


def cached(parts: tuple, compute, timeout: int | None = None):
    """`compute()`, remembered under `parts` for the current data generation and language."""
    if not settings.SAFIRAN_CACHE_SECONDS or connection.in_atomic_block:
        # Inside a transaction the data may still be rolled back: never keep what it shows.
        return compute()
    key = "safiran:" + ":".join(str(part) for part in (*parts, get_language(), generation()))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.SAFIRAN_CACHE_SECONDS)
    return value


def per_request(request, name: str, compute):
    """`compute()` once per request (context processors run again for every sub-template
    rendered with the request, such as a table)."""
    memo = request.__dict__.setdefault("_safiran_memo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]
