"""A memory cap for the work that reads uploaded rosters (issue 13.2).

The upload request reads only bounded parts of a file (`xlsx_guard`); the rows are read by the
task worker, inside `memory_cap()`: the process's address space (RLIMIT_AS) may grow by at most
SAFIRAN_IMPORT_MEMORY_MB (env `IMPORT_MEMORY_MB`, default 2048; 0 turns the cap off) while the
import runs. A file that needs more makes an allocation fail with MemoryError; the import then
fails with a Persian message on its page and the worker carries on with its next task. The
limit is put back when the import ends. Native code (calamine) cannot raise MemoryError: a
refused allocation there ends the worker, and the import is handed back as after any killed
worker (core.leases) and, stopping it again, failed with a message (`tasks.stopped_message`). Run the worker under systemd's `MemoryMax=` as well
(docs/operations.md): that is the machine's guard, this is the import's.
"""
from __future__ import annotations

import contextlib
import os
import resource

from django.conf import settings
from django.utils.translation import gettext as _


def cap_megabytes() -> int:
    return int(getattr(settings, "SAFIRAN_IMPORT_MEMORY_MB", 2048))


def address_space() -> int:
    """This process's current virtual size in bytes (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextlib.contextmanager
def memory_cap(megabytes: int | None = None):
    """Within the block the process may take at most `megabytes` more address space."""
    megabytes = cap_megabytes() if megabytes is None else megabytes
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = address_space() + megabytes * 1024 * 1024
    if megabytes <= 0 or (hard != resource.RLIM_INFINITY and limit > hard) or \
            (soft != resource.RLIM_INFINITY and limit > soft):
        yield  # off, or a tighter limit is already in force
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def memory_refusal() -> str:
    return _("Reading this file needed more memory than an import may use (%(megabytes)s MB). Check that it is "
             "a roster and not far larger than one, or split it into smaller files, then upload it again.") % {
        "megabytes": cap_megabytes()}
