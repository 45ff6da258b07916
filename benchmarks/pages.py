"""`make bench`: what each page costs the server, for every demo role (issues 12 and 14).

On a fresh database (SQLite in a temporary SAFIRAN_VAR_DIR, or the database of DATABASE_URL),
migrates and loads `seed_demo` (with `--scale national --fraction F`, national-shaped data),
then, for each demo role, requests with Django's test client in this one process:

- every page the dashboard's menu and buttons link to (as the browser crawl finds them),
- every registered list page (each `ObjectListView` URL, as tests/test_query_counts.py finds
  them) and the detail page of its first row,
- every totals page (`ObjectTotalsView`), the site search with a query, a list search, and the
  load test's API lists (benchmarks/locustfile.py).

Each page is drawn once to warm the caches (menus, figures, counts; as on a server between two
writes), then timed three times, its queries counted: CPU time of this process
(`time.process_time`, what the page costs the server whatever else runs on the machine) and wall
time, best of three. Prints a table, slowest (CPU) first, and how many pages are over 200 ms wall
or 30 ms CPU. Never part of `make test`.

    python benchmarks/pages.py [--scale demo|national] [--fraction 0.01] [--roles admin,...]
                               [--only /meetings/] [--var-dir DIR (kept, reused)] [--top N]
    SAFIRAN_VAR_DIR-style data seeded already (make loadtest's):  --var-dir DIR --prepared
"""
import argparse
import os
import re
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("admin", "tehran.manager", "tehran.coordinator", "tehran.ambassador", "tehran.board")
WALL_LIMIT_MS, CPU_LIMIT_MS = 200, 30
SEARCH = "علی"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["demo", "national"], default="demo")
    parser.add_argument("--fraction", type=float, default=0.01, help="with --scale national")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--only", default="", help="only paths containing this text")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=0, help="print only the N costliest rows")
    parser.add_argument("--profile", action="store_true", help="print cProfile's costliest functions per page (with --only)")
    parser.add_argument("--var-dir", help="keep the data in this folder and reuse it on the next run")
    parser.add_argument("--prepared", action="store_true",
                        help="the database is migrated and seeded already (say, by `make loadtest` in --var-dir)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.var_dir:
        Path(args.var_dir).mkdir(parents=True, exist_ok=True)
        return run(Path(args.var_dir).resolve(), args)
    with tempfile.TemporaryDirectory(prefix="safiran-bench-pages-") as folder:
        return run(Path(folder), args)


def run(folder: Path, args):
    os.environ["SAFIRAN_VAR_DIR"] = str(folder)
    if not args.prepared:  # prepared: the database the settings find there (as `make run`'s)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    # Static URLs without a collected manifest (the lookup is a dictionary read either way).
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safiran.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging
    import warnings

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 403s of pages a role may not open
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected files
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    if args.prepared:
        return report(measure_all(args), args)
    call_command("migrate", verbosity=0)
    seed = ["seed_demo"] + (["--scale", "national", "--fraction", str(args.fraction)] if args.scale == "national" else [])
    import io

    call_command(*seed, stdout=io.StringIO())
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    data = args.scale + (f" × {args.fraction}" if args.scale == "national" else "")
    print(f"{connection.vendor}, {data}: ready in {time.perf_counter() - started:.0f} s")
    rows = measure_all(args)
    report(rows, args)


class Links(HTMLParser):
    """Hrefs of the menu (#main-nav), of buttons in <main>, and the first link of a table body."""

    def __init__(self):
        super().__init__()
        self.nav, self.buttons, self.first_row = [], [], None
        self._depth = {"nav": 0, "main": 0, "tbody": 0}
        self._stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        mark = None
        if attrs.get("id") == "main-nav":
            mark = "nav"
        elif tag == "main":
            mark = "main"
        elif tag == "tbody":
            mark = "tbody"
        if mark:
            self._depth[mark] += 1
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("/"):
            classes = (attrs.get("class") or "").split()
            if self._depth["nav"] and ("nav-link" in classes or "dropdown-item" in classes):
                self.nav.append(href)
            elif self._depth["main"] and "btn" in classes:
                self.buttons.append(href)
            if self._depth["tbody"] and self.first_row is None:
                self.first_row = href
        if tag not in VOID:
            self._stack.append(mark)

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        mark = self._stack.pop()
        if mark:
            self._depth[mark] -= 1


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def registered_pages():
    """(list paths, totals paths): every ObjectListView / ObjectTotalsView URL without arguments."""
    from django.urls import URLResolver, get_resolver

    from core.totals import ObjectTotalsView
    from core.views import ObjectListView

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    lists, totals = [], []
    for route, pattern in walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or "<" in route:
            continue
        if issubclass(view_class, ObjectListView):
            lists.append("/" + route)
        elif issubclass(view_class, ObjectTotalsView):
            totals.append("/" + route)
    return sorted(lists), sorted(totals)


def locust_paths() -> list[str]:
    """The load mix's pages (benchmarks/locustfile.py), searches with one of its words."""
    text = (ROOT / "benchmarks" / "locustfile.py").read_text(encoding="utf-8")
    paths = re.findall(r'self\.page\(f?"([^"]+)"', text)
    return sorted({path.replace("{random.choice(SEARCHES)}", SEARCH) for path in paths})


def measure_all(args) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.testing import sign_in

    lists, totals = registered_pages()
    always = lists + totals + locust_paths() + [f"/search/?q={SEARCH}"]
    rows = []
    for username in args.roles.split(","):
        user = User.objects.get(username=username)
        client = sign_in(Client(), user)
        home = client.get("/")
        found = links_of(home.content.decode())
        paths = ["/"] + [p for p in dict.fromkeys(found.nav + found.buttons + always)
                         if "logout" not in p and "export" not in p and not p.startswith("/i18n/")]
        seen, queue = set(), list(paths)
        while queue:
            path = queue.pop(0)
            if path in seen or args.only not in path:
                seen.add(path)
                continue
            seen.add(path)
            response = client.get(path)  # warm-up
            if response.status_code != 200:
                if path in found.nav or path in found.buttons:
                    rows.append({"role": username, "path": path, "status": response.status_code, "cpu": 0, "wall": 0,
                                 "queries": 0})
                continue
            if path in lists:
                first = links_of(response.content.decode()).first_row
                if first and first not in seen:
                    queue.insert(0, first)
            cpu, wall = [], []
            for _ in range(args.repeat):
                queries = []
                with connection.execute_wrapper(lambda execute, *a, q=queries: q.append(1) or execute(*a)):
                    c0, w0 = time.process_time(), time.perf_counter()
                    client.get(path)
                    cpu.append(time.process_time() - c0)
                    wall.append(time.perf_counter() - w0)
            if args.profile:
                profile(client, path, username)
            rows.append({"role": username, "path": path, "status": 200, "cpu": min(cpu) * 1000,
                         "wall": min(wall) * 1000, "queries": len(queries)})
    return rows


def profile(client, path, username):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    print(f"\n--- {username} {path}")
    pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(int(os.environ.get("PROFILE_LINES", "45")))


def report(rows, args):
    rows = sorted(rows, key=lambda row: -row["cpu"])
    shown = rows[: args.top] if args.top else rows
    print(f"\n{'CPU ms':>7} {'wall ms':>8} {'queries':>7}  {'role':<19} page")
    for row in shown:
        status = "" if row["status"] == 200 else f"  (status {row['status']})"
        print(f"{row['cpu']:7.1f} {row['wall']:8.1f} {row['queries']:7d}  {row['role']:<19} {row['path']}{status}")
    ok = [row for row in rows if row["status"] == 200]
    over_wall = sum(row["wall"] > WALL_LIMIT_MS for row in ok)
    over_cpu = sum(row["cpu"] > CPU_LIMIT_MS for row in ok)
    failed = len(rows) - len(ok)
    cpus = sorted(row["cpu"] for row in ok)
    median = cpus[len(cpus) // 2] if cpus else 0
    print(f"\n{len(ok)} pages: {over_wall} over {WALL_LIMIT_MS} ms wall, {over_cpu} over {CPU_LIMIT_MS} ms CPU; "
          f"CPU median {median:.1f} ms, max {cpus[-1] if cpus else 0:.1f} ms"
          + (f"; {failed} menu links not 200" if failed else ""))


if __name__ == "__main__":
    main()
