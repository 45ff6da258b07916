"""On SQLite a large roster is read and checked in a forked process while this one writes: the same
end state as the inline import, new agencies created by the writing process only, cancel and
failures that leave no child behind."""
import multiprocessing
import os
import tempfile
import time
import unittest
from pathlib import Path
from unittest import mock

from django.db import connection
from django.test import TransactionTestCase, override_settings

from core.validators import generate_national_code
from geo.testing import make_province
from retirees import pipeline
from retirees.choices import ImportStatus
from retirees.generator import write_csv
from retirees.importer import RowChecker, run_import, start_import
from retirees.limits import cap_megabytes
from retirees.models import Agency, Retiree, RosterImport
from retirees.roster_files import RosterFileError
from retirees.tests.test_importer import roster_csv, row, sheets

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")
CHUNK = 250


def run(path, parallel: bool, progress=None):
    """One import of `path`, by the forked path or inline; also says whether a child was forked."""
    with mock.patch.object(pipeline, "PARALLEL_MIN_ROWS", 1 if parallel else 10**9), \
            mock.patch.object(pipeline, "_forked_chunks", wraps=pipeline._forked_chunks) as forked:
        done = run_import(start_import(path, "roster.csv"), progress=progress, chunk_rows=CHUNK)
    return done, forked.called


def outcome(done: RosterImport) -> dict:
    done.refresh_from_db()
    with done.rejects_file.open("rb") as handle:
        workbook = sheets(handle.read())
    return {
        "counts": (done.status, done.total_rows, done.processed_rows, done.saved_rows, done.changed_rows,
                   done.rejected_rows, done.warned_rows, done.skipped_rows, done.error),
        "reasons": done.reasons,
        "unknown": done.unknown_values,
        "workbook": workbook,
        "roster": roster(),
    }


def roster() -> list:
    """The roster's content with codes and mobiles decrypted, independent of ids and timestamps."""
    return sorted(
        (person.national_code, person.mobile, person.first_name, person.last_name, person.gender, person.birth_date,
         person.retirement_date, person.province_id, person.county_id, person.education, person.field_of_study,
         person.specialty, person.agency.name if person.agency else None, person.consent_contact,
         person.consent_children, person.field_key, person.specialty_key)
        for person in Retiree.objects.select_related("agency")
    )


def forget_roster():
    Retiree.objects.all().delete()
    Agency.objects.all().delete()


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite only: PostgreSQL writes on a thread")
@override_settings(MEDIA_ROOT=MEDIA)
class ParallelImport(TransactionTestCase):
    def setUp(self):
        make_province("23")
        make_province("10")
        self.path = str(Path(tempfile.mkdtemp(dir=MEDIA)) / "generated.csv")
        self.stats = write_csv(self.path, 1200, seed=11, province_codes=("23", "10"))

    def tearDown(self):
        self.assertEqual(multiprocessing.active_children(), [])  # no child left, alive or zombie

    def test_the_same_end_state_as_the_inline_import_and_a_reimport_changes_nothing(self):
        inline, forked = run(self.path, parallel=False)
        self.assertFalse(forked)
        expected = outcome(inline)
        self.assertEqual(expected["counts"][0], ImportStatus.DONE)
        self.assertEqual(expected["counts"][5], self.stats.expected_rejected)
        self.assertTrue(expected["reasons"]["rejected"] and expected["reasons"]["warned"])
        self.assertGreater(len(expected["workbook"][1]), 1)  # rejected rows listed
        forget_roster()

        parallel, forked = run(self.path, parallel=True)
        self.assertTrue(forked)
        self.assertEqual(outcome(parallel), expected)
        self.assertEqual(Agency.objects.count(), len({person[12] for person in expected["roster"] if person[12]}))

        again, _forked = run(self.path, parallel=True)
        self.assertEqual((again.status, again.changed_rows, again.saved_rows), (ImportStatus.DONE, 0, parallel.saved_rows))
        self.assertEqual(roster(), expected["roster"])

    def test_a_new_agency_is_created_once_by_the_writing_process(self):
        codes = [generate_national_code(n) for n in range(777100001, 777100601)]
        # The same new name in two spellings (Arabic and Persian kaf), in every chunk.
        path = roster_csv([row(code, **{"دستگاه محل خدمت": "اداره كل ثبت" if n % 2 else "اداره کل ثبت"})
                           for n, code in enumerate(codes)])
        creators = []
        real = Agency.objects.get_or_create

        def get_or_create(**fields):
            creators.append(os.getpid())  # recorded only where the parent can see it: the parent's
            return real(**fields)

        with mock.patch.object(Agency.objects, "get_or_create", get_or_create):
            done, forked = run(path, parallel=True)
        self.assertTrue(forked)
        self.assertEqual((done.status, done.saved_rows), (ImportStatus.DONE, 600))
        self.assertEqual(list(Agency.objects.values_list("name", flat=True)), ["اداره کل ثبت"])
        self.assertEqual(creators, [os.getpid()])
        agency = Agency.objects.get()
        self.assertEqual(Retiree.objects.filter(agency=agency).count(), 600)

    def test_cancelled_after_the_first_chunk_keeps_only_the_processed_rows(self):
        def cancel(current):
            RosterImport.objects.filter(pk=current.pk).update(cancel_requested=True)
            time.sleep(0.2)  # the child runs ahead meanwhile: its extra rows must not reach the workbook

        inline, _forked = run(self.path, parallel=False, progress=cancel)
        expected = outcome(inline)
        forget_roster()
        parallel, forked = run(self.path, parallel=True, progress=cancel)
        self.assertTrue(forked)
        self.assertEqual(parallel.status, ImportStatus.CANCELLED)
        # Asked during the second chunk, it stops once that chunk is saved.
        self.assertEqual(parallel.processed_rows, 2 * CHUNK)
        self.assertEqual(Retiree.objects.count(), parallel.saved_rows)
        got = outcome(parallel)
        self.assertEqual(got, expected)
        lines = [line[1] for sheet in got["workbook"][1:] for line in sheet[1:]]
        self.assertTrue(lines)
        self.assertLessEqual(max(lines), 2 * CHUNK + 1)  # the header is line 1

    def fail_in_child(self, failure):
        """Import with a checker that fails as `failure(calls)` says, in the child, past its first chunk."""
        real = RowChecker.check
        calls = [0]

        def check(checker, values):
            calls[0] += 1
            if calls[0] == CHUNK + 10:
                failure()
            return real(checker, values)

        with mock.patch.object(RowChecker, "check", check):
            try:
                done, raised = run(self.path, parallel=True)[0], None
            except Exception as error:  # an unexpected error is raised, as on the inline path
                done, raised = RosterImport.objects.latest("pk"), error
        done.refresh_from_db()
        self.assertEqual(done.status, ImportStatus.FAILED)
        self.assertEqual(done.processed_rows, CHUNK)  # the first chunk was written
        self.assertEqual(Retiree.objects.count(), done.saved_rows)
        self.assertEqual(calls[0], 0)  # every check ran in the child
        return done, raised

    def test_an_error_in_the_child_fails_the_import_and_leaves_no_child(self):
        def boom():
            raise ValueError("boom")

        with self.assertLogs("retirees.pipeline", "ERROR") as logs:
            done, raised = self.fail_in_child(boom)
        self.assertIsInstance(raised, pipeline.CheckerStopped)
        self.assertIn("ValueError: boom", done.error)
        self.assertFalse(done.refusal)
        self.assertTrue(any("Traceback" in line and "boom" in line for line in logs.output))

    def test_a_file_error_in_the_child_is_said_to_the_uploader(self):
        def unreadable():
            raise RosterFileError("سطر ۲۶۱ خوانا نیست")

        done, raised = self.fail_in_child(unreadable)
        self.assertIsNone(raised)
        self.assertEqual(done.refusal, "سطر ۲۶۱ خوانا نیست")

    def test_out_of_memory_in_the_child_is_the_memory_refusal(self):
        def runaway():
            raise MemoryError

        done, raised = self.fail_in_child(runaway)
        self.assertIsNone(raised)
        self.assertIn(str(cap_megabytes()), done.refusal)

    def test_a_child_that_dies_fails_the_import_with_a_reason(self):
        def die():
            os._exit(3)

        with self.assertLogs("retirees.pipeline", "ERROR"):
            done, raised = self.fail_in_child(die)
        self.assertIsNone(raised)
        self.assertIn("کد خروج 3", done.refusal)  # said in Persian, with the exit code
