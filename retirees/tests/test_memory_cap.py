"""Issue 13 (2): the work that reads an uploaded roster runs under a memory cap
(SAFIRAN_IMPORT_MEMORY_MB, RLIMIT_AS). A read that keeps allocating — a file some reader would
blow up on — fails its import with a Persian message on the import's page, the limit is put back,
and the server goes on answering."""
import resource
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from accounts.testing import make_user, sign_in
from core.roles import Role
from geo.testing import make_province
from retirees.choices import ImportStatus
from retirees.generator import write_csv
from retirees.importer import start_import
from retirees.limits import memory_cap
from retirees.models import Retiree
from retirees.roster_files import RosterFile as Roster
from retirees.tasks import run_roster_import

MEDIA = tempfile.mkdtemp(prefix="safiran-test-media-")


def runaway_rows(self):
    """A reader gone wrong: it keeps every row it ever made, and makes them large."""
    kept = []
    while True:
        kept.append(bytearray(8 * 1024 * 1024))
        yield from ()


@override_settings(MEDIA_ROOT=MEDIA, SAFIRAN_IMPORT_MEMORY_MB=96)
class MemoryCapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.path = str(Path(tempfile.mkdtemp(dir=MEDIA)) / "roster.csv")
        write_csv(cls.path, 50, seed=3, province_codes=("23",))

    def test_a_runaway_read_fails_the_import_with_a_persian_message_and_the_server_keeps_answering(self):
        roster_import = start_import(self.path, "roster.csv", province=self.tehran)
        before = resource.getrlimit(resource.RLIMIT_AS)
        original = Roster.rows
        Roster.rows = runaway_rows
        try:
            run_roster_import.call(roster_import.pk)
        finally:
            Roster.rows = original
        self.assertEqual(resource.getrlimit(resource.RLIMIT_AS), before)  # the cap is lifted after the import
        roster_import.refresh_from_db()
        self.assertEqual(roster_import.status, ImportStatus.FAILED)
        self.assertIn("حافظه", roster_import.refusal)  # "memory", in the uploader's language
        self.assertIn("96", roster_import.refusal)
        self.assertEqual(Retiree.objects.count(), 0)
        sign_in(self.client, self.coordinator)
        page = self.client.get(roster_import.get_absolute_url())
        self.assertContains(page, "حافظه")
        self.assertEqual(self.client.get("/retirees/imports/").status_code, 200)
        # The same worker then runs an ordinary import to the end.
        again = start_import(self.path, "roster.csv", province=self.tehran)
        run_roster_import.call(again.pk)
        again.refresh_from_db()
        self.assertEqual(again.status, ImportStatus.DONE)

    def test_the_cap_is_off_at_zero_and_a_tighter_limit_in_force_is_kept(self):
        before = resource.getrlimit(resource.RLIMIT_AS)
        with memory_cap(0):
            self.assertEqual(resource.getrlimit(resource.RLIMIT_AS), before)
        with memory_cap(64):
            capped = resource.getrlimit(resource.RLIMIT_AS)
            self.assertNotEqual(capped, before)
            with memory_cap(4096):  # a wider cap inside a narrower one does not widen it
                self.assertEqual(resource.getrlimit(resource.RLIMIT_AS), capped)
        self.assertEqual(resource.getrlimit(resource.RLIMIT_AS), before)
