"""core.leases: who holds background work, and when it may be taken over."""
import datetime
import socket
import subprocess

from django.test import SimpleTestCase

from core import leases


class Owners(SimpleTestCase):
    def test_a_live_process_of_this_machine_keeps_its_work_a_dead_one_does_not(self):
        child = subprocess.Popen(["sleep", "60"])
        owner = f"{socket.gethostname()}:{child.pid}:{leases._started(child.pid)}"
        self.assertFalse(leases.owner_is_gone(owner))
        self.assertTrue(leases.running_here(owner))
        child.kill()
        child.wait()
        self.assertTrue(leases.owner_is_gone(owner))
        self.assertFalse(leases.running_here(owner))

    def test_a_reused_process_number_is_told_apart_by_its_start(self):
        child = subprocess.Popen(["sleep", "60"])
        self.addCleanup(child.wait)
        self.addCleanup(child.kill)
        self.assertTrue(leases.owner_is_gone(f"{socket.gethostname()}:{child.pid}:1"))

    def test_another_machine_is_never_presumed_dead_before_its_lease_runs_out(self):
        self.assertFalse(leases.owner_is_gone("elsewhere:1:1"))

        class Row:
            def __init__(self, owner, minutes):
                self.lease_owner = owner
                self.lease_until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=minutes)

        fresh, expired = Row("elsewhere:1:1", 5), Row("elsewhere:2:1", -5)
        self.assertEqual(leases.stale([fresh, expired]), [expired])

    def test_this_worker_names_host_process_and_start(self):
        host, pid, start = leases.this_worker().split(":")
        self.assertEqual(host, socket.gethostname())
        self.assertTrue(pid.isdigit() and start.isdigit())
