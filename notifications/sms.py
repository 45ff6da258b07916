"""SMS through Kavenegar's HTTP API (https://kavenegar.com/rest.html), the gateway most
Iranian services use. Older people read SMS; many never open a web inbox.

`send_sms(mobile, text)` posts one message to
`{URL}/v1/{API_KEY}/sms/send.json` (form fields `receptor`, `message`, `sender`) and returns
what the gateway said about it (its message id and delivery status); it raises `SmsError`
with the gateway's own reason when the message was refused. `KavenegarBackend` is the
outbox backend built on it: the recipient's mobile from their account. Configured by
environment (settings.SAFIRAN_SMS, docs/operations.md); the API key never appears in an error
or a log line. Plain standard library (urllib), no new dependency.
"""
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from .backends import BaseBackend

logger = logging.getLogger("safiran.notifications")

# Kavenegar's delivery statuses (entries[].status) that mean the message will not arrive.
UNDELIVERABLE = {6: "failed", 11: "undelivered", 13: "cancelled", 14: "blocked by the receiver", 100: "unknown message"}
MOBILE = re.compile(r"^09[0-9]{9}$")
# One SMS page in Persian is 70 characters; long messages are split by the gateway, so keep them bounded.
MAX_LENGTH = 700


class SmsError(Exception):
    """The gateway refused the message or could not be reached (the reason, without the key)."""


@dataclass
class SmsResult:
    message_id: str
    status: int
    status_text: str

    def __str__(self):
        return f"{self.message_id} {self.status} {self.status_text}".strip()


def configured() -> bool:
    return bool(settings.SAFIRAN_SMS.get("API_KEY"))


def send_sms(mobile: str, text: str, local_id: int | None = None) -> SmsResult:
    """Send one SMS; the gateway's answer for it, or SmsError. `local_id` is Kavenegar's
    `localid`: the same id sent again is not delivered twice (a worker killed after the gateway
    accepted a message sends it again with the same id)."""
    config = settings.SAFIRAN_SMS
    key = config.get("API_KEY", "")
    if not key:
        raise SmsError("no SMS gateway is configured (KAVENEGAR_API_KEY)")
    if not MOBILE.match(mobile or ""):
        raise SmsError("no valid mobile number (09xxxxxxxxx) to send to")
    fields = {"receptor": mobile, "message": text[:MAX_LENGTH]}
    if config.get("SENDER"):
        fields["sender"] = config["SENDER"]
    if local_id is not None:
        fields["localid"] = str(local_id)
    url = f"{config['URL'].rstrip('/')}/v1/{urllib.parse.quote(key, safe='')}/sms/send.json"
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=config.get("TIMEOUT", 10)) as response:
            body = response.read()
    except urllib.error.HTTPError as error:  # Kavenegar answers refusals with 4xx and a JSON reason
        raise SmsError(f"gateway refused the message: {_reason(error.read(), error.code)}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SmsError(f"gateway unreachable: {type(reason).__name__}: {reason}".replace(key, "***")) from None
    try:
        answer = json.loads(body)
        entry = answer["entries"][0]
        result = SmsResult(str(entry.get("messageid", "")), int(entry.get("status", 0)), str(entry.get("statustext", "")))
    except (ValueError, KeyError, IndexError, TypeError):
        raise SmsError(f"gateway answered something unexpected: {body[:200]!r}") from None
    if result.status in UNDELIVERABLE:
        raise SmsError(f"gateway says the message is {UNDELIVERABLE[result.status]}: {result}")
    logger.info("sms %s to %s…%s: %s", result.message_id, mobile[:4], mobile[-2:], result.status_text)
    return result


def _reason(body: bytes, code: int) -> str:
    try:
        answer = json.loads(body)["return"]
        return f"{answer.get('status', code)} {answer.get('message', '')}".strip()
    except (ValueError, KeyError, TypeError):
        return f"HTTP {code}"


def message_text(subject: str, body: str = "") -> str:
    return f"{subject}\n{body}".strip() if body else subject


class KavenegarBackend(BaseBackend):
    """The outbox's SMS backend: each notification as an SMS to its recipient's mobile (from
    their account). A recipient without a mobile, or a refusal, raises: the outbox records the
    row as failed with the reason, and the message stays readable in the person's inbox.
    The gateway's message id and status are written to the log."""

    def send(self, notification) -> None:
        mobile = getattr(notification.recipient, "mobile", "") or ""
        if not mobile:
            raise SmsError("the recipient's account has no mobile number")
        # The outbox row's number is stable across re-sends of that row: the gateway's idempotency key.
        send_sms(mobile, message_text(notification.subject, notification.body), local_id=notification.pk)
