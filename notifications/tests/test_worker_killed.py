"""The task worker killed with SIGKILL while notifications are pending (issue 13, faults): a
real `manage.py task_worker` sends through a fake gateway that records every attempt in a file;
the worker is killed right after the gateway delivered a message and before the outbox row says
so. Started again, it sends every pending message: none is lost, and the one interrupted is sent
again under the same idempotency key, so the gateway delivers each message exactly once."""
import tempfile
from collections import Counter
from pathlib import Path

from django.test import SimpleTestCase

from core.testing_site import Site

PENDING, HANG_AT = 30, 10

SEED = """
from accounts.models import User
from notifications.services import notify
user = User.objects.create(username="recipient", is_active=True, is_superuser=True)
for number in range({count}):
    notify(user, f"پیام {{number}}", "متن", key=f"fault-test:{{number}}")
"""


class WorkerKilledWithNotificationsPending(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="safiran-killed-outbox-"))
        self.gateway = self.folder / "gateway.txt"
        self.site = Site.create(self.folder / "site", NOTIFICATION_BACKEND="notifications.tests.recording_backend."
                                "RecordingBackend", FAKE_GATEWAY_FILE=self.gateway)
        self.addCleanup(self.site.close)

    def gateway_lines(self, kind):
        text = self.gateway.read_text() if self.gateway.exists() else ""
        return [line.split()[1] for line in text.splitlines() if line.startswith(kind + " ")]

    def statuses(self):
        return dict(self.site.query("SELECT status, count(*) FROM notifications_notification GROUP BY status"))

    def test_none_lost_none_delivered_twice(self):
        self.site.shell(SEED.format(count=PENDING))
        self.assertEqual(self.statuses(), {"queued": PENDING})
        worker = self.site.start_worker(FAKE_GATEWAY_HANG_AT=HANG_AT)
        self.site.wait_for(lambda: len(self.gateway_lines("attempt")) >= HANG_AT, what="the gateway's 10th message")
        self.site.kill(worker)
        # Delivered by the gateway, not yet recorded as sent: the row still says "sending".
        self.assertEqual(self.statuses(), {"sent": HANG_AT - 1, "sending": 1, "queued": PENDING - HANG_AT})

        worker = self.site.start_worker()
        self.site.wait_for(lambda: self.statuses() == {"sent": PENDING}, what="every notification sent")
        self.site.stop(worker)

        keys = {str(key).replace("-", "") for (key,) in self.site.query(
            "SELECT idempotency_key FROM notifications_notification")}
        delivered = Counter(key.replace("-", "") for key in self.gateway_lines("delivered"))
        self.assertEqual(set(delivered), keys)  # none lost
        self.assertEqual(set(delivered.values()), {1})  # none delivered twice
        # The interrupted one reached the gateway twice, under one key: sent again, delivered once.
        attempts = Counter(self.gateway_lines("attempt"))
        self.assertEqual(sorted(attempts.values()), [1] * (PENDING - 1) + [2])
        self.assertEqual(self.site.query("SELECT attempts, count(*) FROM notifications_notification "
                                         "GROUP BY attempts ORDER BY attempts"), [(1, PENDING - 1), (2, 1)])
        self.assertEqual(self.site.value("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                         "WHERE status = 'RUNNING'"), 0)
