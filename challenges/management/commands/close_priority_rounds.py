from django.core.management.base import BaseCommand

from challenges.services import close_due_rounds


class Command(BaseCommand):
    help = "Close every priority round whose closing time has passed, freezing its ranking. Idempotent; run hourly."

    def handle(self, *args, **options):
        self.stdout.write(f"{close_due_rounds()} round(s) closed.")
