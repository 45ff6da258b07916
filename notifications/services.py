"""Writing to the outbox. Delivery happens in a task after the surrounding transaction
commits, so a rolled-back change never sends a message."""
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from .models import Notification
from .tasks import deliver_notification


def notify(recipient, subject: str, body: str = "", link: str = "", key: str = "") -> Notification | None:
    """Queue a notification; with a `key` already used, nothing new is written (None)."""
    if recipient is None or not recipient.is_active:
        return None
    if key and Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=recipient, subject=subject, body=body, link=link, key=key)
    except IntegrityError:
        # Another process wrote the same key between the check and the insert.
        return None
    transaction.on_commit(partial(deliver_notification.enqueue, notification.pk))
    return notification


def site_language():
    """Messages to other people are written in the programme's language (Persian),
    whatever language the sender's own screen is in."""
    return translation.override(settings.LANGUAGE_CODE)
