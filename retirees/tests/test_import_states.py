"""One state machine for roster imports (issue 8.4): after every transition — people's steps on
the page and the API, the command line, and the worker's begin / finish / stop / fail including
a task run twice, a worker that died midway and a cancel while queued — the status, the times,
the percentage, the buttons and the page agree, and every change has its audit row.

The bug this guards against: "در صف" beside "پایان یافته ۱۰۰٪" with empty start and end times
and a live cancel button, seen after a finished import (the header was drawn once, the progress
part redrawn alone)."""
import io
from unittest import mock

from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import TestCase, override_settings

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.validators import generate_national_code
from geo.testing import make_province
from retirees import services, workflows
from retirees.choices import FINISHED_IMPORT_STATUSES, ImportStatus
from retirees.importer import Loader, run_import
from retirees.models import Retiree, RosterImport
from retirees.roster_files import RosterFileError
from retirees.tasks import run_roster_import

from .test_importer import MEDIA, roster_csv, row

S = ImportStatus
CANCEL, RETRY, START = "لغو بارگذاری", "اجرای دوباره", "تطبیق ستون‌ها"


@override_settings(MEDIA_ROOT=MEDIA)
class ImportStateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def setUp(self):
        sign_in(self.client, self.coordinator)

    # -- helpers ---------------------------------------------------------------------------
    def upload(self, rows=3) -> RosterImport:
        path = roster_csv([row(generate_national_code(7000 + index)) for index in range(rows)])
        with open(path, "rb") as handle:
            self.client.post("/retirees/imports/new/", {"file": handle, "province": self.tehran.pk})
        return RosterImport.objects.latest("pk")

    def events(self, roster_import) -> list[str]:
        return [entry.additional_data.get("event") for entry in
                LogEntry.objects.get_for_object(roster_import).order_by("pk") if entry.additional_data]

    def assert_consistent(self, roster_import, status):
        """The record, the buttons and the page say the same thing."""
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, status)
        if status in (S.MAPPING, S.QUEUED):
            self.assertIsNone(roster_import.started_at)
            self.assertIsNone(roster_import.finished_at)
            self.assertEqual(roster_import.percent, 0)
            self.assertFalse(roster_import.cancel_requested)
        elif status == S.RUNNING:
            self.assertIsNotNone(roster_import.started_at)
            self.assertIsNone(roster_import.finished_at)
            self.assertLess(roster_import.percent, 100)
        else:
            self.assertIsNotNone(roster_import.finished_at)
            self.assertFalse(roster_import.cancel_requested)
            if roster_import.started_at:
                self.assertLessEqual(roster_import.started_at, roster_import.finished_at)
        if status == S.DONE:
            self.assertIsNotNone(roster_import.started_at)
            self.assertEqual(roster_import.percent, 100)
            self.assertEqual(roster_import.processed_rows, roster_import.total_rows)

        # Buttons: from the same table as the services' checks.
        shown = {button["label"] for button in workflows.ROSTER_IMPORT.buttons(roster_import, self.coordinator)
                 if not button["disabled"]}
        self.assertEqual(CANCEL in shown, status in (S.MAPPING, S.QUEUED, S.RUNNING) and not roster_import.cancel_requested)
        self.assertEqual(START in shown, status == S.MAPPING)
        if status not in (S.CANCELLED, S.FAILED):
            self.assertNotIn(RETRY, shown)

        # The page: the whole page and the part redrawn while it runs carry status, times and buttons together.
        for response in (
            self.client.get(f"/retirees/imports/{roster_import.pk}/"),
            self.client.get(f"/retirees/imports/{roster_import.pk}/", {"part": "progress"}, headers={"HX-Request": "true"}),
        ):
            page = response.content.decode()
            self.assertIn(f'class="import-status">{roster_import.get_status_display()}<', page)
            self.assertEqual(page.count('class="import-status"'), 1)  # said once, not in a header left behind
            self.assertEqual(CANCEL in page, CANCEL in shown)
            self.assertEqual('aria-valuenow="100"' in page, status == S.DONE)
            started = '<dd class="col-sm-8 import-started">—</dd>' in page
            ended = '<dd class="col-sm-8 import-finished">—</dd>' in page
            self.assertEqual(started, roster_import.started_at is None)
            self.assertEqual(ended, roster_import.finished_at is None)
            # polled only while it can still change
            self.assertEqual('hx-trigger="every 1s"' in page, status not in FINISHED_IMPORT_STATUSES)

        # The API says the same.
        result = self.client.get(f"/api/roster-imports/{roster_import.pk}", headers=bearer(self.coordinator)).json()
        self.assertEqual(result["status"], status)
        self.assertEqual(result["percent"], roster_import.percent)
        self.assertEqual(result["started_at"] is None, roster_import.started_at is None)
        self.assertEqual(result["finished_at"] is None, roster_import.finished_at is None)
        self.assertEqual(set(result["actions"]), {name for name, label in
                                                  (("start", START), ("cancel", CANCEL), ("retry", RETRY)) if label in shown}
                         | ({"map_values"} & set(result["actions"])))

    # -- people's steps and the worker ------------------------------------------------------
    def test_upload_start_run_each_state_consistent(self):
        roster_import = self.upload()
        self.assert_consistent(roster_import, S.MAPPING)
        mapping = {f"column_{index}": roster_import.mapping.get(header, "") for index, header in enumerate(roster_import.headers)}
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(f"/retirees/imports/{roster_import.pk}/mapping/", mapping)
        self.assert_consistent(roster_import, S.QUEUED)  # waiting for the worker: no times, 0 %
        for callback in queued:
            callback()  # the worker takes it
        self.assert_consistent(roster_import, S.DONE)
        self.assertEqual(Retiree.objects.count(), 3)
        self.assertEqual(self.events(roster_import),
                         ["rosterimport_start", "rosterimport_begin", "rosterimport_finish"])

    def test_the_worker_run_twice_changes_nothing(self):
        roster_import = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)
        roster_import.refresh_from_db()
        first = (roster_import.started_at, roster_import.finished_at)
        run_roster_import.call(roster_import.pk)  # a task delivered twice
        self.assert_consistent(roster_import, S.DONE)
        self.assertEqual((roster_import.started_at, roster_import.finished_at), first)
        self.assertEqual(self.events(roster_import).count("rosterimport_begin"), 1)

    def test_cancelled_while_queued_the_worker_leaves_it_cancelled(self):
        roster_import = self.upload()
        with self.captureOnCommitCallbacks(execute=False) as queued:
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)
        self.client.post(f"/retirees/imports/{roster_import.pk}/cancel/", {})
        self.assert_consistent(roster_import, S.CANCELLED)
        for callback in queued:
            callback()  # the task queued before the cancel still runs: it must not import
        self.assert_consistent(roster_import, S.CANCELLED)
        self.assertEqual(Retiree.objects.count(), 0)
        self.assertIsNone(roster_import.started_at)
        # Run again: waiting, then done.
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.client.post(f"/retirees/imports/{roster_import.pk}/retry/", {})
        self.assert_consistent(roster_import, S.QUEUED)
        for callback in queued:
            callback()
        self.assert_consistent(roster_import, S.DONE)
        self.assertEqual(self.events(roster_import), ["rosterimport_start", "rosterimport_cancel", "rosterimport_retry",
                                                      "rosterimport_begin", "rosterimport_finish"])

    def test_a_worker_that_died_midway_is_run_again_to_the_end(self):
        roster_import = self.upload(rows=5)
        with self.captureOnCommitCallbacks(execute=False):
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)
        original, calls = Loader.write, {"n": 0}

        def die_on_second_chunk(loader, rows):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt  # as when the worker is killed: no clean-up runs
            return original(loader, rows)

        Loader.write = die_on_second_chunk
        try:
            with self.assertRaises(KeyboardInterrupt):
                run_import(roster_import, chunk_rows=2)
        finally:
            Loader.write = original
        self.assert_consistent(roster_import, S.RUNNING)
        run_roster_import.call(roster_import.pk)  # the task runner delivers it again
        self.assert_consistent(roster_import, S.DONE)
        self.assertEqual(Retiree.objects.count(), 5)

    def test_cancel_asked_of_a_run_that_died_ends_cancelled_when_the_task_comes_back(self):
        roster_import = self.upload()
        with self.captureOnCommitCallbacks(execute=False):
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)
        services.rosterimport_begin(roster_import)  # the worker took it, then died
        self.client.post(f"/retirees/imports/{roster_import.pk}/cancel/", {})
        roster_import.refresh_from_db()
        self.assertTrue(roster_import.cancel_requested)
        self.assert_consistent(roster_import, S.RUNNING)  # no second cancel button while it stops
        run_roster_import.call(roster_import.pk)
        self.assert_consistent(roster_import, S.CANCELLED)
        self.assertEqual(self.events(roster_import)[-3:], ["rosterimport_begin", "rosterimport_cancel", "rosterimport_stop"])

    def test_cancelled_midway_by_the_worker_then_retried(self):
        roster_import = self.upload(rows=5)
        with self.captureOnCommitCallbacks(execute=False):
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)

        def cancel(current):
            if current.status == S.RUNNING and not current.cancel_requested:
                services.rosterimport_cancel(current, self.coordinator)

        run_import(roster_import, progress=cancel, chunk_rows=2)
        self.assert_consistent(roster_import, S.CANCELLED)
        self.assertIsNotNone(roster_import.started_at)
        with self.captureOnCommitCallbacks(execute=True):
            services.rosterimport_retry(roster_import, self.coordinator)
        self.assert_consistent(roster_import, S.DONE)

    def test_a_refused_file_fails_with_its_times(self):
        roster_import = self.upload()
        with self.captureOnCommitCallbacks(execute=False):
            services.rosterimport_start(roster_import, self.coordinator, mapping=roster_import.mapping)
        with mock.patch("retirees.pipeline.open_roster", side_effect=RosterFileError("too large")):
            run_roster_import.call(roster_import.pk)
        self.assert_consistent(roster_import, S.FAILED)
        self.assertEqual(roster_import.refusal, "too large")
        self.assertEqual(self.events(roster_import)[-2:], ["rosterimport_begin", "rosterimport_fail"])
        with self.captureOnCommitCallbacks(execute=True):  # run again once the file is readable
            services.rosterimport_retry(roster_import, self.coordinator)
        self.assert_consistent(roster_import, S.DONE)

    def test_the_command_goes_through_the_same_audited_steps(self):
        path = roster_csv([row(generate_national_code(8100 + index)) for index in range(2)])
        call_command("import_retirees", path, "--no-progress", "--province", self.tehran.code, "--by", self.coordinator.username,
                     stdout=io.StringIO())
        roster_import = RosterImport.objects.get()
        self.assert_consistent(roster_import, S.DONE)
        self.assertEqual(self.events(roster_import), ["rosterimport_start", "rosterimport_begin", "rosterimport_finish"])
        start = LogEntry.objects.get_for_object(roster_import).get(additional_data__event="rosterimport_start")
        self.assertEqual(start.actor, self.coordinator)
