"""Remind everyone with a confirmed place at tomorrow's sessions: in Safiran for people with an
account, by SMS for the others. Idempotent: run it once a day (cron or a systemd timer); a
second run reminds nobody twice."""
from django.core.management.base import BaseCommand

from events.reminders import remind_sessions


class Command(BaseCommand):
    help = "Remind registered people of tomorrow's sessions (inbox or SMS), once each."

    def handle(self, *args, **options):
        counts = remind_sessions()
        self.stdout.write(
            "{inbox} reminded in Safiran, {sms} by SMS, {skipped} not reminded (no consent or no SMS gateway), "
            "{already} already reminded.".format(**counts))
