"""A fake gateway for the fault tests, in a file shared by processes: every attempt is written,
and a message is *delivered* once per idempotency key, as a real gateway given the key does.
`FAKE_GATEWAY_HANG_AT=n` makes the n-th attempt hang after the gateway delivered it — the moment
a worker can be killed before it records the send."""
import fcntl
import os
import time

from notifications.backends import BaseBackend


class RecordingBackend(BaseBackend):
    def send(self, notification) -> None:
        key = str(notification.idempotency_key)
        with open(os.environ["FAKE_GATEWAY_FILE"], "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            lines = handle.read().split("\n")
            delivered = {line.split()[1] for line in lines if line.startswith("delivered ")}
            attempts = sum(line.startswith("attempt ") for line in lines) + 1
            handle.write(f"attempt {key} {notification.pk}\n")
            if key not in delivered:
                handle.write(f"delivered {key} {notification.pk}\n")
            handle.flush()
            os.fsync(handle.fileno())
        if str(attempts) == os.environ.get("FAKE_GATEWAY_HANG_AT"):
            time.sleep(600)  # killed here
