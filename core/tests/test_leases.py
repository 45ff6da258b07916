"""core.leases: who holds background work, and when it may be taken over."""
import datetime
import os
import socket
import subprocess
from unittest import mock

from django.test import SimpleTestCase, TestCase
from django.utils import timezone

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
        self.assertEqual(host, socket.gethostname()[:leases.HOST_CHARS])
        self.assertTrue(pid.isdigit() and start.isdigit())

    def test_a_machine_with_a_long_name_recognises_its_own_dead_workers(self):
        long_name = "worker-" + "x" * 60 + ".province.example.ir"
        child = subprocess.Popen(["sleep", "60"])
        with mock.patch("socket.gethostname", return_value=long_name):
            owners = [leases.this_worker(), leases.worker_id()]
            owners = [owner.replace(f":{os.getpid()}:", f":{child.pid}:").rsplit(":", 1)[0]
                      + f":{leases._started(child.pid)}" for owner in owners]
            self.assertEqual([leases.owner_is_gone(owner) for owner in owners], [False, False])
            child.kill()
            child.wait()
            self.assertEqual([leases.owner_is_gone(owner) for owner in owners], [True, True])
            self.assertLessEqual(len(leases.worker_id()), 64)


class OrphanedTaskResults(TestCase):
    """Any kind of task left "running" by a worker that is gone ends as failed; a live one is left alone."""

    def result(self, worker):
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING, args_kwargs={"args": [], "kwargs": {}}, task_path="publishing.tasks.anything",
            worker_ids=[worker], backend_name="default", run_after=timezone.now(), started_at=timezone.now(),
        )

    def test_a_dead_workers_result_fails_a_live_ones_stays_running(self):
        from django_tasks_db.compat import TaskResultStatus

        alive, dead = subprocess.Popen(["sleep", "60"]), subprocess.Popen(["true"])
        self.addCleanup(alive.wait)
        self.addCleanup(alive.kill)
        dead_owner = f"{socket.gethostname()}:{dead.pid}:{leases._started(dead.pid) or 1}"
        dead.wait()
        lost = self.result(dead_owner)
        working = self.result(f"{socket.gethostname()}:{alive.pid}:{leases._started(alive.pid)}")
        elsewhere = self.result("elsewhere:1:1")

        self.assertEqual(leases.recover_lost_work()["tasks"], 1)
        lost.refresh_from_db(), working.refresh_from_db(), elsewhere.refresh_from_db()
        self.assertEqual(lost.status, TaskResultStatus.FAILED)
        self.assertIn("WorkerLost", lost.exception_class_path)
        self.assertEqual(working.status, TaskResultStatus.RUNNING)
        self.assertEqual(elsewhere.status, TaskResultStatus.RUNNING)

    def test_the_task_worker_names_itself_as_a_lease_owner(self):
        from core.management.commands.task_worker import Command

        worker = Command().create_parser("manage.py", "task_worker").get_default("worker_id")
        self.assertEqual(worker, leases.worker_id())
        self.assertLessEqual(len(worker), 64)
        self.assertEqual(worker.split(":")[1], str(os.getpid()))
