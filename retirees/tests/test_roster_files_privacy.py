"""Issue 13 (3, 4): uploaded rosters are private and not kept once imported; stale files are
purged; every download of the rejected rows (which hold codes and mobiles) is audited."""
import datetime
import io
import os
import stat
import tempfile
from pathlib import Path

from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.validators import generate_national_code
from geo.testing import make_province
from retirees.choices import ImportStatus
from retirees.models import RosterImport
from retirees.tests.test_importer import roster_csv, row

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@override_settings(MEDIA_ROOT=MEDIA)
class RosterFilePrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)

    def upload(self):
        path = roster_csv([row(generate_national_code(4242)), row("1111111111")])
        with open(path, "rb") as handle:
            response = self.client.post("/api/roster-imports", {"file": handle, "province": self.tehran.pk},
                                        headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 201, response.content)
        return RosterImport.objects.get(pk=response.json()["id"])

    def test_upload_is_private_and_deleted_when_the_import_finishes(self):
        roster_import = self.upload()
        upload_path = roster_import.file.path
        self.assertEqual(mode(upload_path), 0o600)
        self.assertEqual(mode(Path(upload_path).parent), 0o700)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/api/roster-imports/{roster_import.pk}/start", {}, content_type="application/json",
                             headers=bearer(self.coordinator))
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.DONE)
        self.assertFalse(roster_import.file)
        self.assertFalse(os.path.exists(upload_path))
        self.assertEqual(mode(roster_import.rejects_file.path), 0o600)

    def test_rejected_rows_downloads_are_audited_page_and_api(self):
        roster_import = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/api/roster-imports/{roster_import.pk}/start", {}, content_type="application/json",
                             headers=bearer(self.coordinator))
        sign_in(self.client, self.coordinator)
        response = self.client.get(f"/retirees/imports/{roster_import.pk}/rejected.xlsx")
        self.assertEqual(response.status_code, 200)
        b"".join(response.streaming_content)
        response = self.client.get(f"/api/roster-imports/{roster_import.pk}/rejected", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200)
        b"".join(response.streaming_content)
        downloads = LogEntry.objects.filter(additional_data__event="rosterimport_rejects_download",
                                            object_pk=str(roster_import.pk))
        self.assertEqual(downloads.count(), 2)
        self.assertEqual({entry.actor for entry in downloads}, {self.coordinator})
        self.assertEqual({entry.action for entry in downloads}, {LogEntry.Action.ACCESS})

    def test_stale_files_are_purged_and_a_retry_then_says_why(self):
        from core.services import WorkflowError
        from retirees.services import rosterimport_retry

        roster_import = self.upload()
        upload_path = roster_import.file.path
        RosterImport.objects.filter(pk=roster_import.pk).update(status=ImportStatus.FAILED, mapping={"a": "b"},
                                                               finished_at=timezone.now() - datetime.timedelta(days=3))
        out = io.StringIO()
        call_command("purge_roster_files", stdout=out)  # within the retention: kept
        self.assertTrue(os.path.exists(upload_path))
        call_command("purge_roster_files", "--days", "2", stdout=out)
        self.assertFalse(os.path.exists(upload_path))
        roster_import.refresh_from_db()
        with self.assertRaisesMessage(WorkflowError, ""):
            rosterimport_retry(roster_import, self.coordinator)
