"""The audit log as Safiran reads it: auditlog's LogEntry, behind the same scope API."""
from auditlog.models import LogEntry, LogEntryManager
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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

    @property
    def event(self) -> str:
        return (self.additional_data or {}).get("event", "") if isinstance(self.additional_data, dict) else ""
