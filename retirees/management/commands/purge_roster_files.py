import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from retirees.choices import ImportStatus
from retirees.models import RosterImport


class Command(BaseCommand):
    help = (
        "Delete roster files holding personal data once they are no longer needed: uploads of imports "
        "cancelled, failed or never started, and rejected-rows workbooks, ROSTER_FILE_RETENTION_DAYS after "
        "the import ended (or was uploaded). Finished imports' uploads are deleted when they finish. "
        "Idempotent: schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override ROSTER_FILE_RETENTION_DAYS.")

    def handle(self, *args, days, **options):
        days = settings.ROSTER_FILE_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - datetime.timedelta(days=days)
        ended = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
        stale = RosterImport.objects.filter(ended).exclude(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])
        uploads = rejects = 0
        for roster_import in stale.exclude(file="").iterator():
            roster_import.file.delete(save=False)
            RosterImport.objects.filter(pk=roster_import.pk).update(file="")
            uploads += 1
        for roster_import in stale.exclude(rejects_file="").iterator():
            roster_import.rejects_file.delete(save=False)
            RosterImport.objects.filter(pk=roster_import.pk).update(rejects_file="")
            rejects += 1
        self.stdout.write(f"Deleted {uploads} uploaded roster file(s) and {rejects} rejected-rows workbook(s).")
