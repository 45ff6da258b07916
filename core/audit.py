"""Audit helpers on top of django-auditlog.

Ordinary create/update/delete rows are written by auditlog's signals for every registered
model. Workflow transitions and personal-data reveals are written here, explicitly, with the
actor passed in (workflows also run outside a request: commands, tasks).
"""
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.db import transaction

from .privacy import mask_numbers


def audit_event(obj, event: str, actor, changes: dict | None = None, action=LogEntry.Action.UPDATE, **data):
    """One audit row for a named event (e.g. `ambassador_deactivate`, `retiree_reveal`)."""
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes=changes or {},
        additional_data={"event": event, **data},
    )


def save_transition(obj, event: str, actor, fields: dict, **data):
    """Apply `fields` to `obj`, save them and write a single audit row naming the event."""
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
        setattr(obj, name, value)
    with transaction.atomic(), disable_auditlog():
        obj.save(update_fields=[*fields, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
        audit_event(obj, event, actor, changes=changes, **data)
    return obj


def _plain(value):
    if value is None:
        return None
    return str(getattr(value, "pk", value))


def audit_personal_read(model, records: list, fields: list[str], actor, request):
    """Personal values of `records` given out in clear in one request (a page or an API read):
    one row, on the record itself when there is one, else on the model, listing every record."""
    from django.contrib.contenttypes.models import ContentType

    data = {"event": f"{model._meta.model_name}_personal_read", "records": [record.pk for record in records],
            "fields": fields, "path": request.path[:300], "api": request.path.startswith("/api/")}
    if len(records) == 1:
        return audit_event(records[0], data.pop("event"), actor, action=LogEntry.Action.ACCESS, **data)
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model), object_pk="",
        object_repr=str(model._meta.verbose_name_plural), action=LogEntry.Action.ACCESS,
        actor=actor, changes={}, additional_data=data,
    )


def audit_export(model, actor, row_count: int, filters: dict):
    """Exports leave a trace: who took which list, with which filters, how many rows."""
    from django.contrib.contenttypes.models import ContentType

    # A search for a whole national code or mobile is itself personal data: kept masked.
    filters = {key: mask_numbers(value) if key == "q" else value for key, value in filters.items() if key != "export"}
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=str(model._meta.verbose_name_plural),
        action=LogEntry.Action.ACCESS,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes={},
        additional_data={"event": "export", "rows": row_count, "filters": filters},
    )
