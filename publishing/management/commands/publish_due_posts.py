from django.core.management.base import BaseCommand

from publishing.services import publish_due


class Command(BaseCommand):
    help = "Publish every scheduled post whose time has come (idempotent; the task worker normally does it)."

    def handle(self, *args, **options):
        self.stdout.write(f"{publish_due()} post(s) published.")
