"""Personal data is masked unless the viewer's role needs it (DESIGN: data rules).

Every clear value given out is audited, one row per request and model listing the records
(`PersonalReadAuditMiddleware`): `shown()` notes the permission it showed a value under, and the
API's detail and list operations (core.api) and the detail pages (core.views) note the records
they served; at the end of the request those of the models whose values went out in clear are
written to the audit log as `<model>_personal_read`.
"""
import re
from contextlib import contextmanager
from contextvars import ContextVar

from .normalize import normalize_digits

# Personal fields of each model (app label, model name), masked in audit records whatever
# an entry holds: entries written by auditlog (mask_fields), by hand, or before masking began.
PERSONAL_FIELDS = {
    ("ambassadors", "ambassador"): {"national_code", "mobile"},
    ("partners", "contact"): {"mobile", "phone", "email"},
    ("accounts", "user"): {"mobile"},
    ("retirees", "retiree"): {"national_code", "mobile"},
    ("retirees", "child"): {"mobile"},
    ("events", "registration"): {"mobile", "national_code"},
}

_LONG_NUMBER = re.compile(r"\+?[0-9][0-9\- ]{6,}[0-9]")


def mask(value: str | None, visible: int = 4) -> str:
    """`0012345678` → `******5678`."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]


def shown(user, value, permission: str) -> str:
    if user is not None and user.has_perm(permission):
        reads = _reads.get()
        if reads is not None and value:
            reads.permissions.add(permission)
        return value
    return mask(value)


class PersonalReads:
    """What one request gave out: permissions a clear value was shown under, records served."""

    def __init__(self):
        self.permissions: set[str] = set()
        self.served: dict[type, dict] = {}

    def serve(self, objects) -> None:
        for obj in objects:
            if getattr(obj, "pk", None) is not None:
                self.served.setdefault(type(obj), {})[obj.pk] = obj

    def revealed(self) -> list[tuple[type, list, list[str]]]:
        """[(model, records, personal fields)] for the models whose personal values went out clear."""
        found = []
        for permission in sorted(self.permissions):
            app_label, _dot, codename = permission.partition(".")
            model_name = codename.removeprefix("view_personal_")
            for model, records in self.served.items():
                if (model._meta.app_label, model._meta.model_name) == (app_label, model_name) and records:
                    fields = sorted(PERSONAL_FIELDS.get((app_label, model_name), ()))
                    found.append((model, list(records.values()), fields))
        return found


_reads: ContextVar[PersonalReads | None] = ContextVar("personal_reads", default=None)


@contextmanager
def collecting_reads():
    reads = PersonalReads()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def served(*objects) -> None:
    """Note records this request is giving out (their personal fields may be shown in clear)."""
    reads = _reads.get()
    if reads is not None:
        reads.serve(objects)


def mask_numbers(text: str) -> str:
    """Long digit runs (codes, phone numbers) in free text masked: `q=0013542419` → `******2419`."""
    if not text:
        return text
    return _LONG_NUMBER.sub(lambda match: mask(re.sub(r"[^0-9]", "", match.group())), normalize_digits(str(text)))
