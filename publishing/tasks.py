"""Background work of the public site: scheduled posts go live at their time."""
from django.db import transaction
from django_tasks import default_task_backend, task


@task()
def publish_due_posts() -> int:
    from .services import publish_due

    return publish_due()


def schedule_publication(publish_at) -> None:
    """Ask the task worker to publish at `publish_at` (after the scheduling commits). A backend
    that cannot defer (the immediate one in tests) is skipped: `manage.py publish_due_posts`
    and the public pages (which show a due post at once) cover it."""
    if default_task_backend.supports_defer:
        transaction.on_commit(lambda: publish_due_posts.using(run_after=publish_at).enqueue())
