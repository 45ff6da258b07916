"""Reports and exports read from a replica when there is one (issue 14: beyond one machine).

Set `REPLICA_DATABASE_URL` to a PostgreSQL streaming replica of `DATABASE_URL`: the heavy
reads that tolerate a second's lag — Excel exports of lists, totals pages, monthly reports
as PDF and Excel — then run there, inside `read_replica()`, while every page a person acts
on, and every write, stays on the primary. Without the setting everything reads the primary.
"""
import contextvars
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
_reading_replica = contextvars.ContextVar("safiran_reading_replica", default=False)


def replica_enabled() -> bool:
    return bool(settings.SAFIRAN_READ_REPLICA) and REPLICA in settings.DATABASES


@contextmanager
def read_replica():
    """Reads inside go to the replica (when one is configured); writes still go to the primary.
    Usable as a decorator."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_replica.get() and replica_enabled():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        # Always the primary, also for an object that was read from the replica (an audit row
        # written during an export).
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
