"""Where notifications go once they are in the outbox. Settings name one backend
(`SAFIRAN_NOTIFICATION_BACKEND`, env `NOTIFICATION_BACKEND`); an SMS or mail gateway is
another class with `send(notification)` that raises on failure."""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("safiran.notifications")


class BaseBackend:
    """`send(notification)` delivers one message or raises. It may be called more than once for
    one notification (a worker killed after the gateway answered sends it again, notifications/
    tasks.py): pass `notification.idempotency_key` to the gateway as its idempotency key or
    client message id, so the person receives it once."""

    def send(self, notification) -> None:
        raise NotImplementedError


class LogBackend(BaseBackend):
    """The default: the outbox row is the message (people read it under “My notifications”);
    this only writes it to the log, so nothing needs a gateway to run."""

    def send(self, notification) -> None:
        logger.info(
            "notification %s to %s: %s %s (key %s)", notification.pk, notification.recipient.get_username(),
            notification.subject, notification.link, notification.idempotency_key,
        )


def get_backend() -> BaseBackend:
    return import_string(settings.SAFIRAN_NOTIFICATION_BACKEND)()
