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
