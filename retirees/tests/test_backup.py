"""`manage.py backup` / `restore` round-trip a seeded database (issue 13, faults), on SQLite
(online backup API) and on PostgreSQL (pg_dump / pg_restore; skipped when the tools or the
server are missing): seed a retiree, back up, change and delete, restore, and read the
encrypted national code back. The backup never holds the data key, and a restore under another
key says so."""
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from core.testing_site import DATA_KEY, Site, postgres_url

CODE = "0084575948"

SEED = f"""
import datetime
from geo.models import Province
from retirees import crypto
from retirees.models import Retiree
Retiree.objects.create(
    national_code_encrypted=crypto.encrypt({CODE!r}), national_code_index=crypto.blind_index({CODE!r}),
    mobile_encrypted=crypto.encrypt("09121234567"), first_name="مریم", last_name="احمدی", gender="female",
    birth_date=datetime.date(1960, 8, 3), province=Province.objects.order_by("pk").first())
"""

CHANGE = """
from retirees.models import Retiree
Retiree.objects.update(first_name="تغییر")
Retiree.objects.all().delete()
"""

READ = f"""
from retirees.models import Retiree
retiree = Retiree.objects.with_national_code({CODE!r}).get()
print(retiree.national_code, retiree.mobile, retiree.first_name, Retiree.objects.count())
"""


def postgres_ready() -> str:
    """Why PostgreSQL cannot be used here, or "" when it can."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        return "pg_dump / pg_restore are not installed"
    if postgres_url() is None:
        return "the suite runs on SQLite (set DATABASE_URL to a PostgreSQL server to include it)"
    probe = subprocess.run(["psql", f"{postgres_url()}/postgres", "-Atc", "select 1"], capture_output=True, text=True)
    return "" if probe.returncode == 0 else "the PostgreSQL server does not answer"


class BackupRestore(SimpleTestCase):
    vendor = "sqlite"  # on SQLite whichever database the suite runs on

    def setUp(self):
        if self.vendor == "postgresql" and (reason := postgres_ready()):
            self.skipTest(reason)
        self.folder = Path(tempfile.mkdtemp(prefix="safiran-backup-"))
        self.site = Site.create(self.folder / "site", self.vendor)
        self.addCleanup(self.site.close)

    def test_round_trip_reads_the_encrypted_value_back_and_never_holds_the_key(self):
        self.site.shell(SEED)
        self.assertEqual(self.site.shell(READ), f"{CODE} 09121234567 مریم 1")
        target = self.folder / "backups" / "safiran.backup"
        output = self.site.manage("backup", str(target)).stdout
        self.assertIn("The data key is not in the backup", output)
        self.assertEqual(target.stat().st_mode & 0o777, 0o600)
        content = target.read_bytes()
        self.assertNotIn(DATA_KEY.encode(), content)
        self.assertNotIn(CODE.encode(), content)  # encrypted in the backup too

        self.site.shell(CHANGE)
        self.assertEqual(self.site.value("SELECT count(*) FROM retirees_retiree"), 0)
        refused = self.site.manage("restore", str(target), check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("--yes", refused.stderr)
        self.site.manage("restore", str(target), "--yes")
        self.assertEqual(self.site.shell(READ), f"{CODE} 09121234567 مریم 1")

        # Restored under another key, the values cannot be read: said at once, with what to do.
        wrong = self.site.manage("restore", str(target), "--yes", check=False, SAFIRAN_DATA_KEY="another-key-" + "y" * 40)
        self.assertNotEqual(wrong.returncode, 0)
        self.assertIn("cannot decrypt retirees.Retiree.national_code_encrypted", wrong.stderr)
        self.assertIn("separate custody", wrong.stderr)

    def test_a_backup_of_the_other_database_is_refused(self):
        other = self.folder / "other.backup"
        other.write_bytes(b"PGDMP" + b"\0" * 64 if self.vendor == "sqlite" else b"SQLite format 3\x00" + b"\0" * 64)
        refused = self.site.manage("restore", str(other), "--yes", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("is not a", refused.stderr)


class BackupRestorePostgres(BackupRestore):
    vendor = "postgresql"
