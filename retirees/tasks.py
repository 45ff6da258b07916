"""Background work (django-tasks; `make run` starts the worker)."""
import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def run_roster_import(import_id: int) -> int:
    from .importer import run_import
    from .limits import memory_cap
    from .models import RosterImport

    roster_import = RosterImport.objects.get(pk=import_id)
    # The rows of an uploaded file are read here, under a memory cap: a file that needs more
    # fails its import with a message, and the worker goes on (retirees/limits.py).
    with memory_cap():
        return run_import(roster_import, chunk_rows=settings.SAFIRAN_IMPORT_CHUNK_ROWS).saved_rows


@task()
def refresh_demographics() -> None:
    from .demographics import refresh_summary

    refresh_summary()


def stopped_message() -> str:
    """Said on the import's page when its worker kept dying: most often the file needed more
    memory than the machine allows (systemd's MemoryMax, or a reader in native code, which cannot
    fail with an error under the import's own cap and ends the process instead)."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        return gettext("The import stopped the program running it more than once, most likely because reading "
                       "this file needs more memory than the server allows. Rows saved before are kept. Check that "
                       "the file is a roster, or split it into smaller files, then run it again.")


def recover_imports() -> int:
    """Imports left "running" by a worker that died (core.leases): run again from the start —
    chunks already saved are matched by national code, so the end state is that of one clean
    run — unless cancelling was asked for (then cancelled), or they were already cut short
    SAFIRAN_IMPORT_RESUMES times (then failed, for a person to run again: a file that kills the
    worker every time is not tried forever)."""
    from core.leases import fail_task_results, stale

    from . import services
    from .bulk_indexes import ensure
    from .choices import ImportStatus
    from .models import RosterImport

    ensure()  # a large import killed midway leaves the roster without its list-order indexes
    handed_back = 0
    for roster_import in stale(RosterImport.objects.filter(status=ImportStatus.RUNNING)):
        # Through the import's state machine, only while the dead run still holds the lease.
        held = {"lease_owner": roster_import.lease_owner}
        with transaction.atomic():
            fail_task_results(f"{run_roster_import.module_path}", roster_import.pk)
            if roster_import.cancel_requested:
                changed = services.rosterimport_end(roster_import, "stop", **held)
            elif roster_import.interrupted_runs >= getattr(settings, "SAFIRAN_IMPORT_RESUMES", 1):
                changed = services.rosterimport_end(roster_import, "fail", error=RosterImport.REFUSED + stopped_message(),
                                                    **held)
            else:
                changed = services.rosterimport_end(roster_import, "hand_back", **held,
                                                    interrupted_runs=roster_import.interrupted_runs + 1)
                if changed:
                    transaction.on_commit(lambda pk=roster_import.pk: run_roster_import.enqueue(pk))
        if changed:
            log.warning("roster import %s: its worker stopped; handed back", roster_import.pk)
            handed_back += 1
    return handed_back
