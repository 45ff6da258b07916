from django.core.management.base import BaseCommand

from reports.services import send_report_reminders


class Command(BaseCommand):
    help = (
        "Remind coordinators of last month's report through the notification outbox: a few days before "
        "its deadline (REPORT_REMINDER_DAYS) while it is not submitted, and once when it is missing. One "
        "message per coordinator, month and kind, so running it again is harmless. Schedule it daily."
    )

    def handle(self, *args, **options):
        sent = send_report_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
