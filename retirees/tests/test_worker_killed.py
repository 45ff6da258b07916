"""The task worker killed with SIGKILL in the middle of a roster import (issue 13, faults):
the worker is a real `manage.py task_worker` process on a database of its own; after some
chunks are written it is killed — no handler runs — and started again. The import is then
resumed (or, past SAFIRAN_IMPORT_RESUMES, marked failed and run again by a person), nothing is
half-written at any point, and the end state is the one an uninterrupted import reaches."""
import hashlib
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from core.testing_site import Site
from retirees.generator import write_csv

ROWS, CHUNK = 12_000, 300

DIGEST_SQL = """
    SELECT r.national_code_index, r.first_name, r.last_name, r.gender, r.birth_date, r.retirement_date,
           r.province_id, r.county_id, r.education, r.field_of_study, r.specialty, a.name, r.mobile_encrypted,
           r.consent_contact, r.consent_children
    FROM retirees_retiree r LEFT JOIN retirees_agency a ON a.id = r.agency_id
"""

START = """
from retirees.importer import start_import
from retirees.tasks import run_roster_import
roster_import = start_import({path!r}, "roster.csv")
run_roster_import.enqueue(roster_import.pk)
print(roster_import.pk)
"""


def digest(site: Site) -> tuple[int, str]:
    def text(value):
        if isinstance(value, bytes | memoryview):
            return bytes(value).hex()
        return "" if value is None else str(value)

    rows = sorted(tuple(text(value) for value in row) for row in site.query(DIGEST_SQL))
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


class WorkerKilledMidImport(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="safiran-killed-import-"))
        cls.roster = cls.folder / "roster.csv"
        cls.stats = write_csv(cls.roster, ROWS, seed=13, province_codes=("23", "10"))
        cls.sites = []

    @classmethod
    def tearDownClass(cls):
        for site in cls.sites:
            site.close()
        super().tearDownClass()

    def site(self, name, **env) -> Site:
        site = Site.create(self.folder / name, IMPORT_CHUNK_ROWS=CHUNK, **env)
        self.sites.append(site)
        return site

    def import_status(self, site, pk):
        return site.query("SELECT status, processed_rows, saved_rows, interrupted_runs, lease_owner FROM "
                          "retirees_rosterimport WHERE id = ?", (pk,))[0]

    def start_and_kill(self, site) -> int:
        pk = int(site.shell(START.format(path=str(self.roster))))
        worker = site.start_worker()
        # Some chunks written, the import not finished: then the kernel's way of stopping it.
        site.wait_for(lambda: (self.import_status(site, pk)[1] or 0) >= 3 * CHUNK, what="three chunks")
        site.kill(worker)
        status, processed, saved, _runs, owner = self.import_status(site, pk)
        self.assertEqual(status, "running")
        self.assertLess(processed, ROWS, "the import ended before the worker was killed: make the file larger")
        self.assertIn(f":{worker.pid}:", owner)
        # Nothing half-written: every chunk went in with its counters, in one transaction.
        self.assertEqual(site.value("SELECT count(*) FROM retirees_retiree"), saved)
        self.assertEqual(site.value("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"), 1)
        return pk

    def finished(self, site, pk, timeout=240):
        return site.wait_for(lambda: self.import_status(site, pk)[0] in ("done", "failed", "cancelled"),
                             timeout=timeout, what="the import to end")

    def test_killed_then_restarted_resumes_and_reaches_the_clean_end_state(self):
        clean = self.site("clean")
        pk = int(clean.shell(START.format(path=str(self.roster))))
        worker = clean.start_worker()
        self.finished(clean, pk)
        clean.stop(worker)
        self.assertEqual(self.import_status(clean, pk)[0], "done")
        expected = digest(clean)
        self.assertEqual(expected[0], ROWS - self.stats.expected_rejected)

        killed = self.site("killed")
        pk = self.start_and_kill(killed)
        worker = killed.start_worker()  # the restart finds the dead worker's import at once
        self.finished(killed, pk)
        killed.stop(worker)
        status, processed, saved, runs, owner = self.import_status(killed, pk)
        self.assertEqual((status, processed, runs, owner), ("done", ROWS, 1, ""))
        self.assertEqual(digest(killed), expected)
        self.assertIn("Handed back work left by a stopped worker", killed.worker_log())
        # The killed run's task is recorded as failed (worker lost), not left "running" forever.
        self.assertEqual(killed.query("SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
                                      "WHERE status != 'SUCCESSFUL'"), [("FAILED", "core.leases.WorkerLost")])

        # Past the allowed resumes the import waits for a person: failed, nothing half-written,
        # and "run it again" reaches the same end state.
        failed = self.site("failed", IMPORT_RESUMES=0)
        pk = self.start_and_kill(failed)
        worker = failed.start_worker()
        failed.wait_for(lambda: self.import_status(failed, pk)[0] == "failed", what="the import marked failed")
        status, processed, saved, runs, owner = self.import_status(failed, pk)
        self.assertEqual(failed.value("SELECT count(*) FROM retirees_retiree"), saved)
        self.assertLess(saved, expected[0])
        failed.shell("from retirees.models import RosterImport; from retirees.services import rosterimport_retry; "
                     f"rosterimport_retry(RosterImport.objects.get(pk={pk}), None)")
        self.finished(failed, pk)
        failed.stop(worker)
        self.assertEqual(self.import_status(failed, pk)[:4], ("done", ROWS, ROWS - self.stats.expected_rejected, 0))
        self.assertEqual(digest(failed), expected)
