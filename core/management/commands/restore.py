"""`manage.py restore FILE --yes`: replace the database with a backup (core/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, check_data_key, restore


class Command(BaseCommand):
    help = ("Replace the whole database with a backup made by `manage.py backup`. Stop the web server and the "
            "task worker first. The data key the backup was made under must be configured (SAFIRAN_DATA_KEY, "
            "or SAFIRAN_OLD_DATA_KEYS).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Confirm: everything written since the backup is lost.")

    def handle(self, *args, file, yes, **options):
        if not yes:
            raise CommandError("Restoring replaces the whole database; everything written since the backup is lost. "
                               "Run again with --yes to go ahead.")
        try:
            restore(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {file}.")
        unreadable = check_data_key()
        if unreadable:
            raise CommandError(
                "Restored, but the configured data key cannot decrypt " + ", ".join(unreadable) + ". Set "
                "SAFIRAN_DATA_KEY (or SAFIRAN_OLD_DATA_KEYS) to the key in force when the backup was made, from its "
                "separate custody.")
        self.stdout.write("The configured data key reads the encrypted values.")
