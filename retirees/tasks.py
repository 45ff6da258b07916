"""Background work (django-tasks; `make run` starts the worker)."""
from django_tasks import task


@task()
def run_roster_import(import_id: int) -> int:
    from .importer import run_import
    from .models import RosterImport

    roster_import = RosterImport.objects.get(pk=import_id)
    return run_import(roster_import).saved_rows


@task()
def refresh_demographics() -> None:
    from .demographics import refresh_summary

    refresh_summary()
