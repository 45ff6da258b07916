import sys
import time

from django.core.management.base import BaseCommand, CommandError

from geo.models import Province
from retirees.importer import MappingError, RosterFileError, run_import, start_import


class Command(BaseCommand):
    help = (
        "Import a roster file (CSV or XLSX) into the retiree roster: upsert on national code, rejected rows "
        "to an XLSX. Safe to run again on the same file, also after an interrupted run. The import is created, "
        "started and run through the same audited steps as an upload on the site (retirees/services.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--province", help="Official code or name of the province the file is for (rows of others are skipped and counted).")
        parser.add_argument("--chunk", type=int, default=10_000, help="Rows per committed chunk.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")
        parser.add_argument("--by", help="Username recorded in the audit log as having run the import (default: none, "
                                         "recorded as the system).")

    def handle(self, *args, file, province, chunk, no_progress, by=None, **options):
        from django.contrib.auth import get_user_model

        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"Unknown user: {by}")
        target = None
        if province:
            target = Province.objects.filter(code=province).first() or Province.objects.filter(name=province).first()
            if target is None:
                raise CommandError(f"Unknown province: {province}")
        try:
            roster_import = start_import(file, file, province=target, by=user)
        except (MappingError, RosterFileError, OSError) as error:
            raise CommandError(str(error)) from error
        started = time.monotonic()
        bar = None if no_progress else ProgressBar(self.stderr, roster_import.total_rows, started)
        roster_import = run_import(roster_import, progress=bar.update if bar else None, chunk_rows=chunk)
        if bar:
            bar.close()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Import {roster_import.pk}: {roster_import.get_status_display()} — read {roster_import.processed_rows}, "
            f"saved {roster_import.saved_rows} ({roster_import.changed_rows} new or changed), "
            f"{roster_import.warned_rows} of them with warnings, rejected {roster_import.rejected_rows}, "
            f"skipped (other province) {roster_import.skipped_rows} in {elapsed:.1f} s"
        )
        for sentence in [*roster_import.reason_sentences["rejected"], *roster_import.reason_sentences["warned"]]:
            self.stdout.write(f"  {sentence}")
        if roster_import.rejects_file:
            self.stdout.write(f"Rejected rows and rows saved with warnings: {roster_import.rejects_file.path}")


class ProgressBar:
    """A one-line bar on the terminal: done/total, percent and rows per second."""

    def __init__(self, out, total, started, width=30):
        self.out, self.total, self.started, self.width = out, max(total, 1), started, width
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()

    def update(self, roster_import):
        done = roster_import.processed_rows
        filled = int(self.width * min(done, self.total) / self.total)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} {100 * done // self.total}% {rate:,.0f} rows/s"
        self.out.write("\r" + line if self.tty else line, ending="" if self.tty else "\n")
        self.out.flush()

    def close(self):
        if self.tty:
            self.out.write("")
