"""Shared workflow machinery. A transition is a function `<entity>_<action>` that runs
atomically, checks the current state, raises WorkflowError with a message a person can
act on, and writes one audit row — through `core.workflow.transition`."""


class WorkflowError(Exception):
    """A refused transition; its message is shown to the user and returned by the API (409)."""


class Inapplicable(WorkflowError):
    """A refusal that needs no explaining on the object's page (approving a meeting that was
    already decided): its button is hidden rather than shown disabled with the reason."""


def refusal(check, obj) -> str | None:
    """The message a state check (a service's `check_can_<action>`) refuses `obj` with, or None."""
    try:
        check(obj)
    except WorkflowError as error:
        return str(error)
    return None
