"""The audit log as Safiran reads it: auditlog's LogEntry, behind the same scope API."""
import datetime

from auditlog.models import LogEntry, LogEntryManager
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language_bidi, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import display
from core.privacy import PERSONAL_FIELDS, mask

# auditlog's own labels are English only.
ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit action", "created"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit action", "changed"),
    LogEntry.Action.DELETE: pgettext_lazy("audit action", "deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit action", "viewed or exported"),
}
ACTION_CHOICES = list(ACTION_LABELS.items())


class AuditEntryManager(LogEntryManager):
    def visible_to(self, user):
        # The audit log is national: only national admins read it.
        if user is not None and user.is_authenticated and user.is_active and user.has_national_scope:
            return self.all()
        return self.none()


class AuditEntry(LogEntry):
    objects = AuditEntryManager()

    class Meta:
        proxy = True
        ordering = ["-timestamp"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        permissions = [("export_auditentry", _("Can export the audit log"))]

    @classmethod
    def url_name(cls, action: str) -> str:
        return f"audit:auditentry_{action}"

    def get_absolute_url(self):
        return reverse("audit:auditentry_detail", args=[self.pk])

    def __str__(self):
        model = self.content_type.model_class() if self.content_type_id else None
        return _("%(type)s “%(record)s”: %(action)s") % {
            "type": capfirst(model._meta.verbose_name) if model else "",
            "record": display.digits(self.object_repr),  # a title for people: the page's digits
            "action": self.get_action_display(),
        }

    def get_action_display(self):
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def event(self) -> str:
        return (self.additional_data or {}).get("event", "") if isinstance(self.additional_data, dict) else ""

    def field_changes(self, related_names: dict | None = None) -> list[tuple[str, str | None, str]]:
        """(field, before, after) as the record's own pages show them: field names and choices in
        the reader's language, Jalali dates, related records by name. Auto-created fields are left
        out: the id, and reverse relations, which auditlog lists (empty) when a record is created.

        `related_names` caches related records' names across entries (a page, an export)."""
        model = self.content_type.model_class() if self.content_type_id else None
        related_names = {} if related_names is None else related_names
        personal = PERSONAL_FIELDS.get((model._meta.app_label, model._meta.model_name), set()) if model else set()
        rows = []
        for name, values in (self.changes_dict or {}).items():
            if name in personal and isinstance(values, (list, tuple)):
                label = capfirst(_field_label(model, name))
                rows.append((label, *(mask(value if value != "None" else "") for value in values)))
                continue
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                field = None
            if field is not None and field.auto_created:
                continue
            label = capfirst(field.verbose_name) if field is not None else name
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
                items = "، ".join(str(item) for item in values.get("objects", []))
                change = _("added: %(items)s") if values.get("operation") == "add" else _("removed: %(items)s")
                rows.append((label, None, change % {"items": items}))  # None: no "before" to show
                continue
            before, after = (_value_text(model, field, value, related_names) for value in values)
            rows.append((label, before, after))
        return rows

    def changes_summary(self, related_names: dict | None = None) -> str:
        """One line for the list: "name: old ← new" (the arrow follows the reading direction)."""
        rtl = get_language_bidi()
        arrow = " ← " if rtl else " → "
        parts = []
        for label, before, after in self.field_changes(related_names):
            if self.action == LogEntry.Action.CREATE or before is None:
                text = after
            elif self.action == LogEntry.Action.DELETE:
                text = before
            else:
                text = f"{before or '—'}{arrow}{after or '—'}"
            if text:
                parts.append(f"{label}: {text}")
        return ("؛ " if rtl else "; ").join(parts)


def preload_related_names(entries, related_names: dict) -> None:
    """Fill `related_names` for every related record the entries' changes name, one query per
    related model instead of one per record (a page of the audit log: issue 14)."""
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        if model is None:
            continue
        for name, values in (entry.changes_dict or {}).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(field, models.ForeignKey) or not isinstance(values, (list, tuple)):
                continue
            for value in values:
                if value is None or value == "None":
                    continue
                try:
                    python_value = field.to_python(value)
                except ValidationError:
                    continue
                if (field.related_model, python_value) not in related_names:
                    wanted.setdefault(field.related_model, set()).add(python_value)
    for related_model, keys in wanted.items():
        # Names often show a parent (a county its province): follow the required relations.
        found = related_model._base_manager.select_related().in_bulk(keys)
        for key in keys:
            if key in found:
                related_names[(related_model, key)] = str(found[key])


def _field_label(model, name: str) -> str:
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:  # encrypted now: the clear field of older entries is gone
        return {"national_code": _("national code"), "mobile": _("mobile")}.get(name, name)


def _value_text(model, field, value, related_names: dict) -> str:
    """A value as auditlog stored it (text) shown like the record's own page shows it."""
    if value is None or value == "None":
        return ""
    if field is None or model is None:
        return str(value)
    try:
        python_value = field.to_python(value)
    except ValidationError:
        return str(value)
    if isinstance(field, models.ForeignKey):  # auditlog keeps the related record's key
        key = (field.related_model, python_value)
        if key not in related_names:
            related = field.related_model._base_manager.filter(pk=python_value).first()
            related_names[key] = str(related) if related is not None else str(value)
        return related_names[key]
    if isinstance(python_value, datetime.datetime) and python_value.tzinfo is None:
        python_value = python_value.replace(tzinfo=datetime.UTC)  # auditlog keeps UTC, naive
    instance = model()
    setattr(instance, field.attname, python_value)
    try:
        return display.value_text(instance, field)
    except (ValueError, TypeError):
        return str(value)
