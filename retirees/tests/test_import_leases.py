"""An import's lease (core.leases): what the recovery does with an import whose worker died,
and a run that lost its lease writing nothing more."""
import datetime
import os
import socket
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.utils import timezone

from core import leases
from geo.testing import make_province
from retirees.choices import ImportStatus
from retirees.generator import write_csv
from retirees.importer import run_import, start_import
from retirees.models import Retiree, RosterImport
from retirees.tasks import recover_imports

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")
DEAD = f"{socket.gethostname()}:999999999:1"  # no such process on this machine


@override_settings(MEDIA_ROOT=MEDIA)
class ImportRecovery(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_province("23")
        cls.path = str(Path(tempfile.mkdtemp(dir=MEDIA)) / "roster.csv")
        cls.stats = write_csv(cls.path, 900, seed=5, province_codes=("23",))

    def running(self, owner=DEAD, minutes=10, **fields):
        roster_import = start_import(self.path, "roster.csv")
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=ImportStatus.RUNNING, lease_owner=owner, lease_until=timezone.now() + datetime.timedelta(minutes=minutes),
            **fields)
        return roster_import

    def test_a_dead_workers_import_runs_again_to_the_end(self):
        roster_import = self.running()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_imports(), 1)
        roster_import.refresh_from_db()
        self.assertEqual((roster_import.status, roster_import.interrupted_runs, roster_import.lease_owner),
                         (ImportStatus.DONE, 1, ""))
        self.assertEqual(Retiree.objects.count(), 900 - self.stats.expected_rejected)

    @override_settings(SAFIRAN_IMPORT_RESUMES=1)
    def test_past_the_allowed_resumes_it_is_failed_for_a_person_to_run_again(self):
        roster_import = self.running(interrupted_runs=1)
        with self.captureOnCommitCallbacks(execute=True):
            recover_imports()
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.FAILED)
        self.assertIn("حافظه", roster_import.refusal)  # said in Persian on the import's page: memory, most likely

    def test_cancelling_asked_of_a_dead_import_cancels_it(self):
        roster_import = self.running(cancel_requested=True)
        recover_imports()
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.CANCELLED)

    def test_a_live_or_not_yet_expired_holder_keeps_it(self):
        parent = os.getppid()  # a live process of this machine, run by this user
        live = self.running(owner=f"{socket.gethostname()}:{parent}:{leases._started(parent)}", minutes=-1)
        remote = self.running(owner="elsewhere:12:34")
        self.assertEqual(recover_imports(), 0)
        expired_remote = self.running(owner="elsewhere:56:78", minutes=-1)
        with self.captureOnCommitCallbacks(execute=False):
            self.assertEqual(recover_imports(), 1)
        for kept in (live, remote):
            kept.refresh_from_db()
            self.assertEqual(kept.status, ImportStatus.RUNNING)
        expired_remote.refresh_from_db()
        self.assertEqual(expired_remote.status, ImportStatus.QUEUED)

    def test_a_run_whose_lease_was_taken_over_writes_no_further_chunk(self):
        roster_import = start_import(self.path, "roster.csv")

        def taken_over(current):
            RosterImport.objects.filter(pk=current.pk).update(lease_owner="elsewhere:1:1")

        roster_import = run_import(roster_import, progress=taken_over, chunk_rows=200)
        # The first chunk was saved before the takeover; the next one was rolled back.
        self.assertEqual(roster_import.processed_rows, 200)
        self.assertEqual(Retiree.objects.count(), roster_import.saved_rows)
        self.assertEqual((roster_import.status, roster_import.lease_owner), (ImportStatus.RUNNING, "elsewhere:1:1"))
