"""Training (D12): remind holders and their coordinators of qualifications entering their
renewal window, and tell coordinators who missed a required briefing that is over.
Idempotent (each message has its key in the outbox): run it once a day."""
from django.core.management.base import BaseCommand

from events.training import flag_missed_briefings, remind_expiring


class Command(BaseCommand):
    help = "Remind of qualifications to renew and flag missed required briefings to coordinators, once each."

    def handle(self, *args, **options):
        reminded = remind_expiring()
        flagged = flag_missed_briefings()
        self.stdout.write(f"{reminded} renewal reminders, {flagged} coordinators told of missed briefings.")
