from django.core.management.base import BaseCommand

from meetings.services import followup_send_reminders


class Command(BaseCommand):
    help = (
        "Remind owners of overdue follow-ups through the notification outbox: at most one reminder per "
        "follow-up per day, so running it again is harmless. Schedule it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        sent = followup_send_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
