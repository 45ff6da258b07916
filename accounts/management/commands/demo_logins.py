import os

from django.core.management.base import BaseCommand

from accounts.demo import report


class Command(BaseCommand):
    help = "Print the demo logins (again, after the servers' start-up lines, for `make run`)."

    def handle(self, *args, **options):
        report(self.stdout)
        # honcho gives each process a PORT of its own; the web server's is passed as SAFIRAN_PORT.
        port = os.environ.get("SAFIRAN_PORT") or os.environ.get("PORT", "8000")
        self.stdout.write(f"Also listed at http://127.0.0.1:{port}/accounts/demo/ (the sign-in page links them).")
