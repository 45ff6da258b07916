"""Expire places offered from a waiting list and not taken in time; offer them to the next
people waiting. Idempotent: operations run it every few minutes (cron or a systemd timer)."""
from django.core.management.base import BaseCommand

from events.registration import expire_offers


class Command(BaseCommand):
    help = "Expire offered places not taken in time and offer them to the next people waiting."

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_offers()} offers expired.")
