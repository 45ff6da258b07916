"""Background work of the statistics module (django-tasks; `make run` starts the worker)."""
from django_tasks import task


@task()
def run_value_import(import_id: int) -> str:
    """Run one Excel import of indicator values (services.valueimport_run)."""
    from .services import valueimport_run

    return valueimport_run(import_id)


def recover_imports() -> int:
    from .services import recover_value_imports

    return recover_value_imports()
