"""`manage.py backup FILE`: the database, online (core/backup.py). The data key is not in it."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database while the site runs: SQLite through its online backup API, PostgreSQL with "
            "pg_dump (custom format). The data key (SAFIRAN_DATA_KEY) is not in the backup: keep it apart.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write it (default: var/backups/safiran-<time>.…).")

    def handle(self, *args, file=None, **options):
        from django.conf import settings
        from django.db import connection

        if not file:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
            file = Path(settings.VAR_DIR) / "backups" / f"safiran-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"
        try:
            path = backup(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
        self.stdout.write("The data key is not in the backup: without SAFIRAN_DATA_KEY (kept apart) the national "
                          "codes and mobiles in it cannot be read.")
