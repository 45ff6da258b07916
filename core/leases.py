"""Leases for background work that must survive a killed worker (docs/architecture.md#background-work).

A row being worked on (a roster import, a notification being sent) carries who works on it
(`lease_owner`: host, process id and start) and until when (`lease_until`, renewed as the work goes
on). When a worker dies — killed with SIGKILL, out of memory, the machine restarted — its
rows keep an owner that no longer runs. `recover_lost_work()` finds them and hands them back:
at once when the owner was a process of this machine that is gone, otherwise once the lease has
run out (a live process of this machine keeps its work, however slow). Owners are
`host:pid:start`, the process's start time telling a reused number apart. Each app registers
what "hand back" means for its rows (`registry.contribute(…, recover=…)`): an import runs
again (its chunks are upserts, so the end state is the same as one clean run), a notification
is sent again with the same idempotency key.

The recovery runs when the task worker starts (`manage.py task_worker`), after each task it
runs, and from `manage.py recover_tasks` (a timer, for a worker that sits idle).
"""
from __future__ import annotations

import datetime
import logging
import os
import socket

from django.conf import settings
from django.utils import timezone

log = logging.getLogger("safiran.tasks")


class WorkerLost(Exception):
    """Recorded on a task result whose worker process died while running it."""


class LeaseLost(Exception):
    """Raised inside work whose lease was taken over (its owner was presumed dead): the work
    stops without writing, the new owner carries on."""


def _started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot), so a reused process number is told
    apart from the process that held a lease; "" where /proc is not available."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return ""


# A machine's name as an owner holds it: django-tasks keeps a worker id in 64 characters, so
# every owner (leases and task workers alike) names its host by the same first 40, and a
# machine with a longer name still recognises its own dead processes.
HOST_CHARS = 40


def _host() -> str:
    return socket.gethostname()[:HOST_CHARS]


def this_worker() -> str:
    """This process, as a lease owner: `host:pid:start`."""
    return f"{_host()}:{os.getpid()}:{_started(os.getpid())}"[:100]


def lease_seconds() -> int:
    return int(getattr(settings, "SAFIRAN_TASK_LEASE_SECONDS", 600))


def lease_until() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def _local(owner: str) -> tuple[int, str] | None:
    """(pid, start) when `owner` was a process of this machine, else None."""
    host, _sep, rest = owner.partition(":")
    pid, _sep, start = rest.partition(":")
    if host != _host() or not pid.isdigit():
        return None
    return int(pid), start


def owner_is_gone(owner: str) -> bool:
    """True when `owner` was a process of this machine that no longer runs (killed, or its
    number now belongs to another process). Another machine's process cannot be asked: its
    lease has to run out."""
    local = _local(owner)
    if local is None:
        return False
    pid, start = local
    if pid == os.getpid():
        # Only between tasks does this process look (core/management/commands/task_worker.py):
        # a lease in its own name is one an earlier process with the same number left.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process has that number now
        return True
    now_started = _started(pid)
    return bool(start and now_started and start != now_started) or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed child not yet reaped by its parent still has its number; it runs no more."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rpartition(")")[2].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def running_here(owner: str) -> bool:
    """`owner` is a live process of this machine (perhaps slow: its lease is left alone)."""
    return _local(owner) is not None and not owner_is_gone(owner)


def stale(queryset):
    """Rows of `queryset` (a model with lease_owner/lease_until) whose owner is presumed dead:
    a process of this machine that is gone, or another machine's whose lease ran out."""
    now = timezone.now()
    rows = list(queryset)
    return [row for row in rows
            if owner_is_gone(row.lease_owner)
            or ((row.lease_until is None or row.lease_until < now) and not running_here(row.lease_owner))]


def fail_task_results(task_path: str, argument) -> int:
    """Mark the django-tasks results of `task_path(argument)` left "running" by a dead worker as
    failed, so the task list tells the truth. Returns how many."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    RUNNING, FAILED = TaskResultStatus.RUNNING, TaskResultStatus.FAILED
    lost = [result for result in DBTaskResult.objects.filter(status=RUNNING, task_path=task_path)
            if list(result.args_kwargs.get("args") or [])[:1] == [argument]]
    for result in lost:
        DBTaskResult.objects.filter(pk=result.pk, status=RUNNING).update(
            status=FAILED, finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback="The worker process running this task stopped (killed or out of memory); "
                      "Safiran handed its work back (core.leases).",
        )
    return len(lost)


def worker_id() -> str:
    """The task worker's id in django-tasks (at most 64 characters): this process as a lease
    owner, so a result it leaves "running" when killed can be told from one still at work."""
    pid, start = os.getpid(), _started(os.getpid())
    return f"{_host()}:{pid}:{start}"[:64]


def fail_orphaned_task_results() -> int:
    """Any task result still "running" whose worker process is gone: failed, with WorkerLost.
    Apps hand back their own rows first (an import runs again); this leaves no task of any kind
    "running" for ever. Results claimed by workers of other machines are left to their timers."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    RUNNING, FAILED = TaskResultStatus.RUNNING, TaskResultStatus.FAILED
    lost = [pk for pk, workers in DBTaskResult.objects.filter(status=RUNNING).values_list("pk", "worker_ids")
            if workers and owner_is_gone(str(workers[-1])) and str(workers[-1]) != worker_id()]
    return DBTaskResult.objects.filter(pk__in=lost, status=RUNNING).update(
        status=FAILED, finished_at=timezone.now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker process running this task stopped (killed or out of memory).",
    )


def recover_lost_work() -> dict[str, int]:
    """Run every app's recovery, then fail task results orphaned by a dead worker; {label: rows
    handed back}. Never raises: a failing recovery is logged and the others still run."""
    from .registry import registry

    done = {}
    for label, recover in [*registry.recoveries(), ("tasks", fail_orphaned_task_results)]:
        try:
            done[label] = recover()
        except Exception:
            log.exception("recovering %s's lost work failed", label)
    return done
