"""`make loadtest`: the working day of provincial staff, as Locust users (issue 14).

Each simulated person signs in once (the real sign-in form, so Argon2 is paid), then goes
through the pages their role uses most — the dashboard, lists, a search, the demographics,
notifications and one API list — with a think time of 1–3 s. The accounts are read from
`LOADTEST_USERS_FILE` (written by scripts/loadtest: coordinators, ambassadors and board
members of every province; the demo password).

Bounded: scripts/loadtest passes `--run-time`; `LOADTEST_MAX_REQUESTS` stops the run once that
many requests were made. Loopback only: any other host is refused. Never part of `make test`.
"""
import itertools
import os
import random
import re
import time
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("SAFIRAN_DEMO_PASSWORD", "Safiran-1405")
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "20000"))
USERS_FILE = os.environ.get("LOADTEST_USERS_FILE", "var/loadtest-users.txt")
SEARCHES = ["علی", "محمد", "اداره", "فرهنگ", "زهرا", "09"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _accounts():
    by_role = {"coordinator": [], "ambassador": [], "board_member": []}
    with open(USERS_FILE, encoding="utf-8") as handle:
        for line in handle:
            username, role = line.split()
            by_role.setdefault(role, []).append(username)
    return by_role


ACCOUNTS = _accounts() if os.path.exists(USERS_FILE) else {}
_next = {role: itertools.cycle(names) for role, names in ACCOUNTS.items() if names}
_made = itertools.count(1)


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"The load test runs against this machine only (127.0.0.1), not {host!r}.")
    if not ACCOUNTS:
        raise SystemExit(f"No accounts in {USERS_FILE}: run it through `make loadtest`.")


@events.request.add_listener
def _bounded(**_kwargs):
    if next(_made) == MAX_REQUESTS:
        environment = _bounded.environment
        if environment is not None and environment.runner is not None:
            environment.runner.quit()


_bounded.environment = None

# Steady state: the requests made once every simulated person is signed in and working (after
# the ramp-up, when 50 sign-ins arrive within seconds), kept apart so the figures say both.
STEADY_FILE = os.environ.get("LOADTEST_STEADY_FILE", "")
_steady = {"since": None, "times": {}, "failures": {}, "first": None, "last": None}


@events.spawning_complete.add_listener
def _spawned(user_count, **_kwargs):
    _steady["since"] = time.monotonic()


@events.request.add_listener
def _measure_steady(request_type, name, response_time, exception=None, **_kwargs):
    if _steady["since"] is None:
        return
    now = time.monotonic()
    _steady["first"] = _steady["first"] or now
    _steady["last"] = now
    key = f"{request_type} {name}"
    _steady["times"].setdefault(key, []).append(response_time)
    if exception is not None:
        _steady["failures"][key] = _steady["failures"].get(key, 0) + 1


def _percentile(ordered: list, share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@events.quitting.add_listener
def _write_steady(**_kwargs):
    if not STEADY_FILE or not _steady["times"]:
        return
    seconds = max((_steady["last"] or 0) - (_steady["first"] or 0), 1e-9)
    every = sorted(value for values in _steady["times"].values() for value in values)
    with open(STEADY_FILE, "w", encoding="utf-8") as handle:
        handle.write("name,requests,failures,p50,p95,p99,rps\n")
        for key, values in sorted(_steady["times"].items()) + [("Aggregated", every)]:
            ordered = sorted(values)
            failures = sum(_steady["failures"].values()) if key == "Aggregated" else _steady["failures"].get(key, 0)
            handle.write(f"{key.replace(',', ' ')},{len(ordered)},{failures},{_percentile(ordered, 0.5):.0f},"
                         f"{_percentile(ordered, 0.95):.0f},{_percentile(ordered, 0.99):.0f},{len(ordered) / seconds:.1f}\n")


@events.init.add_listener
def _remember(environment, **_kwargs):
    _bounded.environment = environment


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = "coordinator"

    def on_start(self):
        self.username = next(_next[self.role])
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = _CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/", name="sign in",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/accounts/login/"}, allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"sign-in failed for {self.username}: {response.status_code}")

    def page(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                # Status 0 is no answer at all: name the connection error behind it.
                response.failure(f"{response.status_code} {type(response.error).__name__ if response.error else ''}".strip())


class Coordinator(Staff):
    weight = 5
    role = "coordinator"

    @task(4)
    def dashboard(self):
        self.page("/", "dashboard")

    @task(2)
    def ambassadors(self):
        self.page("/ambassadors/")

    @task(2)
    def organisations(self):
        self.page("/partners/organizations/")

    @task(1)
    def contacts(self):
        self.page("/partners/contacts/")

    @task(2)
    def meetings(self):
        self.page("/meetings/")

    @task(1)
    def followups(self):
        self.page("/meetings/followups/")

    @task(1)
    def pledges(self):
        self.page("/sponsorship/pledges/")

    @task(1)
    def events_list(self):
        self.page("/events/")

    @task(2)
    def search(self):
        self.page(f"/ambassadors/?q={random.choice(SEARCHES)}", "/ambassadors/?q=… (search)")

    @task(1)
    def demographics(self):
        self.page("/retirees/demographics/")

    @task(1)
    def notifications(self):
        self.page("/notifications/")

    @task(1)
    def api_list(self):
        self.page("/api/ambassadors", "/api/ambassadors (API)")


class Ambassador(Staff):
    weight = 3
    role = "ambassador"

    @task(3)
    def dashboard(self):
        self.page("/", "dashboard")

    @task(2)
    def ambassadors(self):
        self.page("/ambassadors/")

    @task(1)
    def meetings(self):
        self.page("/meetings/")

    @task(1)
    def events_list(self):
        self.page("/events/")

    @task(1)
    def notifications(self):
        self.page("/notifications/")


class BoardMember(Staff):
    weight = 1
    role = "board_member"

    @task(2)
    def dashboard(self):
        self.page("/", "dashboard")

    @task(1)
    def meetings(self):
        self.page("/meetings/")

    @task(1)
    def pledges(self):
        self.page("/sponsorship/pledges/")
