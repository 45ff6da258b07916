"""`make bench`: the roster import and the demographic cross-tab, on SQLite and PostgreSQL.

Generates a deterministic roster (retirees/generator.py, ~1% defective rows), then for each
engine, in fresh processes and a fresh database:
  1. imports it with the real importer (validation, encryption, chunked upsert) — rows/s, the
     import process's peak RSS and, where the rows are checked in a forked process (SQLite, 50k
     rows or more), that process's peak RSS and the CPU time of each;
  2. loads the same valid rows raw into the same, emptied table (COPY on PostgreSQL,
     executemany in 10k batches in one transaction on SQLite) — and the ratio of the two;
  3. refreshes the demographics summary, then times province × gender × age group ×
     education for the whole country and for one province (median of 7 after a warm-up).

    python benchmarks/roster.py [--rows 100000] [--full] [--engines sqlite,postgresql]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "safiran_bench")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="1.5 million rows, the national roster")
    parser.add_argument("--seed", type=int, default=1405)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows when the output goes to a file
    if args.child:
        return child(args.child, Path(args.work))
    rows = 1_500_000 if args.full else args.rows
    with tempfile.TemporaryDirectory(prefix="safiran-bench-") as folder:
        work = Path(folder)
        setup_django(work, "sqlite")  # the generator reads only the divisions file
        from retirees.generator import write_csv

        started = time.perf_counter()
        stats = write_csv(work / "roster.csv", rows, seed=args.seed)
        size = (work / "roster.csv").stat().st_size / 2**20
        print(f"Roster: {rows:,} rows, {size:,.0f} MiB, seed {args.seed}, generated in {time.perf_counter() - started:.1f} s")
        print(f"  defective rows: {sum(stats.defects.values()):,} ({stats.expected_rejected:,} must be rejected): "
              + ", ".join(f"{kind} {count}" for kind, count in sorted(stats.defects.items())))
        results = {}
        for engine in args.engines.split(","):
            if engine == "postgresql" and not reset_postgres():
                print("\nPostgreSQL: not reachable, skipped")
                continue
            engine_work = work / engine
            engine_work.mkdir()
            (engine_work / "roster.csv").symlink_to(work / "roster.csv")
            results[engine] = run_engine(engine, engine_work, stats.expected_rejected)
        print_summary(rows, results)
        if "postgresql" in results:
            reset_postgres(drop_only=True)


def setup_django(work: Path, engine: str):
    os.environ["SAFIRAN_VAR_DIR"] = str(work)
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{work / 'bench.sqlite3'}" if engine == "sqlite" else PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "safiran.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reset_postgres(drop_only=False) -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
            if not drop_only:
                conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
        return True
    except Exception as error:  # no server, or no rights: the bench says so and goes on
        print(f"PostgreSQL: {error}")
        return False


def step(engine: str, name: str, work: Path) -> dict:
    """Run one measurement in a fresh process, so its peak RSS is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", f"{engine}:{name}", "--work", str(work)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if done.returncode:
        sys.exit(f"{engine} {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_engine(engine, work, expected_rejected):
    print(f"\n{engine}")
    imported = step(engine, "import", work)
    print(f"  import: {imported['seconds']:.1f} s, {imported['rows_per_second']:,.0f} rows/s, saved {imported['saved']:,}, "
          f"rejected {imported['rejected']:,} (expected {expected_rejected:,}), saved with warnings {imported['warned']:,}, "
          f"peak RSS {imported['peak_rss_mb']:.0f} MB")
    if imported["child_peak_rss_mb"]:
        print(f"  checked in a forked process: peak RSS {imported['child_peak_rss_mb']:.0f} MB; CPU {imported['cpu']:.1f} s "
              f"writing, {imported['child_cpu']:.1f} s checking")
    else:
        print(f"  checked inline: CPU {imported['cpu']:.1f} s")
    again = step(engine, "reimport", work)
    print(f"  same file again: {again['seconds']:.1f} s, {again['changed']:,} rows changed")
    summary = step(engine, "crosstab", work)
    print(f"  summary refresh: {summary['refresh_seconds']:.1f} s ({summary['summary_rows']:,} rows)")
    print(f"  province × gender × age group × education, whole country: {summary['country_ms']:.1f} ms "
          f"(query {summary['country_query_ms']:.1f} ms, {summary['cells']:,} cells, {summary['hidden']:,} hidden); "
          f"one province: {summary['province_ms']:.1f} ms")
    raw = step(engine, "raw", work)
    ratio = imported["seconds"] / raw["seconds"]
    print(f"  raw load of the same {raw['rows']:,} valid rows ({raw['method']}): {raw['seconds']:.1f} s "
          f"→ import / raw = {ratio:.2f}")
    return {**imported, "raw_seconds": raw["seconds"], "ratio": ratio, **summary, "reimport_changed": again["changed"]}


def print_summary(rows, results):
    print("\nSummary")
    print(f"  {'engine':<11} {'rows/s':>9} {'import s':>9} {'raw s':>7} {'ratio':>6} {'peak MB':>8} {'child MB':>9} "
          f"{'refresh s':>10} {'country ms':>11} {'province ms':>12}")
    for engine, r in results.items():
        child_mb = f"{r['child_peak_rss_mb']:.0f}" if r["child_peak_rss_mb"] else "—"
        print(f"  {engine:<11} {r['rows_per_second']:>9,.0f} {r['seconds']:>9.1f} {r['raw_seconds']:>7.1f} {r['ratio']:>6.2f} "
              f"{r['peak_rss_mb']:>8.0f} {child_mb:>9} {r['refresh_seconds']:>10.1f} {r['country_ms']:>11.1f} "
              f"{r['province_ms']:>12.1f}")


# --- the measurements, each in its own process ---------------------------------------------

def child(spec: str, work: Path):
    engine, name = spec.split(":")
    setup_django(work, engine)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = {"import": measure_import, "reimport": measure_import, "raw": measure_raw, "crosstab": measure_crosstab}[name](work)
    print(json.dumps(result))


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    """Peak RSS of this process, or (RUSAGE_CHILDREN) of the largest child it has reaped: the
    import's checking process (retirees/pipeline.py), 0 when the rows were checked inline."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure_import(work: Path) -> dict:
    from retirees.importer import run_import, start_import

    roster_import = start_import(work / "roster.csv", "roster.csv")
    started, cpu = time.perf_counter(), time.process_time()
    roster_import = run_import(roster_import, refresh=False)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows_per_second": roster_import.processed_rows / seconds, "saved": roster_import.saved_rows,
            "rejected": roster_import.rejected_rows, "changed": roster_import.changed_rows, "peak_rss_mb": peak_rss_mb(),
            "warned": roster_import.warned_rows, "cpu": time.process_time() - cpu,
            "child_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
            "child_cpu": cpu_seconds(resource.RUSAGE_CHILDREN)}


def measure_crosstab(work: Path) -> dict:
    from accounts.models import User
    from core.roles import Role
    from retirees.demographics import Question, counts, cross_tab, refresh_summary
    from retirees.models import DemographicCell, Retiree

    started = time.perf_counter()
    refresh_summary()
    refresh_seconds = time.perf_counter() - started
    admin = User.objects.create(username="bench-admin", role=Role.NATIONAL_ADMIN)
    tehran = Retiree.objects.values_list("province_id", flat=True).first()
    question = Question(["province", "gender", "age_band", "education"])
    one_province = Question(["gender", "age_band", "education"], {"province": tehran})

    def median_ms(function, *arguments):
        function(*arguments)
        times = []
        for _ in range(7):
            begun = time.perf_counter()
            function(*arguments)
            times.append((time.perf_counter() - begun) * 1000)
        return statistics.median(times)

    tab = cross_tab(admin, question)
    return {
        "refresh_seconds": refresh_seconds, "summary_rows": DemographicCell.objects.count(),
        "country_ms": median_ms(cross_tab, admin, question), "country_query_ms": median_ms(counts, admin, question),
        "province_ms": median_ms(cross_tab, admin, one_province),
        "cells": sum(len(row["cells"]) for row in tab.rows), "hidden": tab.hidden_count,
    }


def measure_raw(work: Path) -> dict:
    """The same valid rows, prepared beforehand (not timed), loaded raw into the emptied table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from retirees.importer import COLUMNS, RowChecker
    from retirees.models import Retiree
    from retirees.roster_files import guess_mapping, open_roster

    roster = open_roster(work / "roster.csv")
    checker = RowChecker(roster.headers, guess_mapping(roster.headers), None)
    rows = [row for row in (checker.check(values)[0] for _s, _l, values in roster.rows()) if row is not None]
    Retiree.objects.all()._raw_delete(Retiree.objects.db)
    now = timezone.now()
    columns = list(COLUMNS) + ["created_at", "updated_at"]
    if connection.vendor == "postgresql":
        method = "COPY"
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY retirees_retiree ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
                from retirees.importer import PG_TYPES

                copy.set_types(list(PG_TYPES) + ["timestamptz", "timestamptz"])
                for row in rows:
                    copy.write_row(row + [now, now])
    else:
        method = "executemany, 10k batches, one transaction"
        stamp = connection.ops.adapt_datetimefield_value(now)
        for row in rows:
            row[5] = row[5].isoformat()
            row[6] = row[6].isoformat() if row[6] else None
            row.extend([stamp, stamp])
        sql = f"INSERT INTO retirees_retiree ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for begin in range(0, len(rows), 10_000):
                cursor.executemany(sql, rows[begin:begin + 10_000])
    return {"seconds": time.perf_counter() - started, "rows": len(rows), "method": method}


if __name__ == "__main__":
    main()
