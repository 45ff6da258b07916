import sys

from django.core.management.base import BaseCommand

from retirees import crypto
from retirees.rotation import remaining, rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (the roster's, ambassadors' and event registrations' national codes, "
        "mobiles and their blind indexes) under SAFIRAN_DATA_KEY, in chunks, while the "
        "system runs (old keys in SAFIRAN_OLD_DATA_KEYS keep reading meanwhile). Stop it any time and run it "
        "again: it goes on with what is left. When it reports nothing left, remove the old keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=5_000, help="Rows per committed chunk.")
        parser.add_argument("--max-chunks", type=int, default=None, help="Stop after this many chunks (run again to go on).")
        parser.add_argument("--no-progress", action="store_true", help="Do not print progress.")

    def handle(self, *args, chunk, max_chunks, no_progress, **options):
        keys = crypto.keyring()
        self.stdout.write(f"Current key id {keys[0].id.hex()}; old keys: {', '.join(k.id.hex() for k in keys[1:]) or 'none'}")

        def report(progress):
            if not no_progress:
                percent = 100 * progress.seen // progress.total if progress.total else 100
                sys.stderr.write(f"\r{progress.table}: {progress.seen:,}/{progress.total:,} read ({percent}%), "
                                 f"{progress.rewritten:,} re-encrypted")
                sys.stderr.flush()

        done = rotate(chunk=max(1, chunk), max_chunks=max_chunks, progress=report)
        if not no_progress:
            sys.stderr.write("\n")
        for table, count in done.items():
            self.stdout.write(f"{table}: {count} rows re-encrypted")
        left = remaining()
        if any(left.values()):
            self.stdout.write(f"Left under old keys: {left}. Run the command again to go on.")
        else:
            self.stdout.write("Nothing is left under an old key: SAFIRAN_OLD_DATA_KEYS can be removed.")
