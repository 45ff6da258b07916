"""The task worker: django-tasks-db's `db_worker`, plus handing back the work of workers that
died (core.leases) when it starts and, at most every SAFIRAN_TASK_SWEEP_SECONDS, after a task.
`make run` and the Procfile start this; options are db_worker's."""
import time

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from core.leases import recover_lost_work, worker_id


class Worker(db_worker.Worker):
    last_sweep = 0.0

    def sweep(self) -> None:
        self.last_sweep = time.monotonic()
        handed_back = {label: count for label, count in recover_lost_work().items() if count}
        if handed_back:
            db_worker.logger.warning("Handed back work left by a stopped worker: %s", handed_back)

    def run(self) -> None:
        self.sweep()
        super().run()

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if time.monotonic() - self.last_sweep >= getattr(settings, "SAFIRAN_TASK_SWEEP_SECONDS", 60):
            self.sweep()


class Command(db_worker.Command):
    help = "Run the background task worker (recovering work left by a worker that was killed)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The worker's id names this process (host:pid:start), so results it leaves "running"
        # when it is killed are found by core.leases.fail_orphaned_task_results.
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
