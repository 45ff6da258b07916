from django_tasks import task


@task()
def deliver_session_reminder(reminder_id: int) -> str:
    """Send one SMS reminder of a session (events.reminders.deliver)."""
    from .reminders import deliver

    return deliver(reminder_id)
