"""Shared workflow machinery. A transition is a function `<entity>_<action>` that runs
atomically, checks the current state, raises WorkflowError with a message a person can
act on, and writes one audit row (core.audit.save_transition)."""


class WorkflowError(Exception):
    """A refused transition; its message is shown to the user and returned by the API."""


def refusal(check, obj) -> str | None:
    """The message a state check (a service's `check_can_<action>`) refuses `obj` with, or None."""
    try:
        check(obj)
    except WorkflowError as error:
        return str(error)
    return None


def require_state(obj, field: str, allowed, message: str):
    if getattr(obj, field) not in allowed:
        raise WorkflowError(message)
