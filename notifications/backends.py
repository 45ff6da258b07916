"""Where notifications go once they are in the outbox. Settings name one backend
(`SAFIRAN_NOTIFICATION_BACKEND`, env `NOTIFICATION_BACKEND`); an SMS or mail gateway is
another class with `send(notification)` that raises on failure."""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("safiran.notifications")


class BaseBackend:
    def send(self, notification) -> None:
        raise NotImplementedError


class LogBackend(BaseBackend):
    """The default: the outbox row is the message (people read it under “My notifications”);
    this only writes it to the log, so nothing needs a gateway to run."""

    def send(self, notification) -> None:
        logger.info(
            "notification %s to %s: %s %s", notification.pk, notification.recipient.get_username(),
            notification.subject, notification.link,
        )


def get_backend() -> BaseBackend:
    return import_string(settings.SAFIRAN_NOTIFICATION_BACKEND)()
