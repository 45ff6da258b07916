import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel, ScopedQuerySet

from .choices import NotificationStatus


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A notification is personal: only its recipient reads it, whatever their role."""
        queryset = super().visible_to(user)
        return queryset.filter(recipient=user) if user is not None and user.is_authenticated else queryset


class Notification(SafiranModel):
    """One message in the outbox. Written first, then handed to the configured backend by a
    task, so a reminder is never lost when a gateway is down and is sent at most once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True, help_text=_("A page of Safiran the message is about."))
    # Makes sending idempotent, e.g. "followup-overdue:12:2026-11-26" (one reminder a day).
    key = models.CharField(_("key"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    backend = models.CharField(_("sent through"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Given to the backend with every attempt: a gateway that sees the same key twice delivers
    # once (a worker killed between the gateway's answer and this row's update sends it again).
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The worker sending it (host:pid) and until when (core.leases); attempts made so far.
    lease_owner = models.CharField(max_length=100, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # When the recipient opened it on the site (their inbox shows the rest as new).
    read_at = models.DateTimeField(_("read at"), null=True, blank=True, editable=False)

    objects = models.Manager.from_queryset(NotificationQuerySet)()

    scope_province_field = None
    search_fields = ("subject", "body")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(key=""),
                name="notification_unique_key",
                violation_error_message=_("This notification was already sent."),
            ),
            models.CheckConstraint(
                condition=Q(status=NotificationStatus.SENT, sent_at__isnull=False) | ~Q(status=NotificationStatus.SENT),
                name="notification_sent_has_time",
                violation_error_message=_("A sent notification needs the time it was sent."),
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return self.subject
