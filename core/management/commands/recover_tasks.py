"""Hand back background work left by a worker that was killed (core.leases): imports run
again, notifications are sent again under the same idempotency key. Idempotent; schedule it
every few minutes beside the worker (docs/operations.md)."""
from django.core.management.base import BaseCommand

from core.leases import recover_lost_work


class Command(BaseCommand):
    help = "Hand back background work left by a task worker that stopped (killed, out of memory)"

    def handle(self, *args, **options):
        for label, count in recover_lost_work().items():
            self.stdout.write(f"{label}: {count}")
