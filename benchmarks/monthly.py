"""`make bench`: compiling one province's monthly report on national-scale activity data.

Fills a fresh database (SQLite, then PostgreSQL when reachable) with a year of activity for
all 31 provinces — organisations, contacts, interactions, meetings, follow-ups, media
coverage, pledges and receipts, ambassadors in areas, events and their sessions, ~420 k rows by
default (`--scale 2` doubles it) — then times
the registry's monthly sections for one province and month (what a draft report page and
`report_submit` compute), the frozen snapshot with its hash, the 31 × 12 timeliness grid and
the national picture (31 provinces × 8 areas, each measure; median of 7 after a warm-up).

    python benchmarks/monthly.py [--scale 1] [--engines sqlite,postgresql]
"""
import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "safiran_bench_monthly")
# Rows per year, nationally, at scale 1.
VOLUME = {"organizations": 6_200, "contacts": 40_000, "interactions": 80_000, "meetings": 120_000,
          "followups": 60_000, "coverage": 60_000, "pledges": 20_000, "receipts": 20_000,
          # The national picture's other measures: ~200 ambassadors and ~100 events per province.
          "ambassadors": 6_200, "events": 3_100, "sessions": 12_400}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.child:
        return child(args.child, args.scale)
    for engine in args.engines.split(","):
        if engine == "postgresql" and not reset_postgres():
            print("\nPostgreSQL: not reachable, skipped")
            continue
        with tempfile.TemporaryDirectory(prefix="safiran-bench-monthly-") as folder:
            done = subprocess.run([sys.executable, __file__, "--child", f"{engine}:{folder}", "--scale", str(args.scale)],
                                  cwd=ROOT)
            if done.returncode:
                sys.exit(f"{engine} failed")
        if engine == "postgresql":
            reset_postgres(drop_only=True)


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


def child(spec: str, scale: float):
    engine, folder = spec.split(":", 1)
    os.environ["SAFIRAN_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{folder}/bench.sqlite3" if engine == "sqlite" else PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "safiran.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    print(f"\n{engine}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    total = fill(scale)
    print(f"  generated {total:,} rows for 31 provinces over 12 months in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) or a routine ANALYZE (SQLite) keep them:
        # right after a bulk load the planner guesses, and guesses badly.
        cursor.execute("ANALYZE")
    measure()


def fill(scale: float) -> int:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from ambassadors.models import Ambassador
    from areas.models import Area
    from core import jalali
    from core.roles import Role
    from events.models import Event, Session
    from geo.models import County, Province
    from media.models import MediaCoverage
    from meetings.models import FollowUp, Meeting
    from partners.models import Contact, Interaction, Organization
    from sponsorship.models import Pledge, Receipt

    rng = random.Random(1405)
    n = {name: int(count * scale) for name, count in VOLUME.items()}
    provinces = list(Province.objects.all())
    year = jalali.month_of(timezone.localdate())[0] - 1
    first, _ = jalali.month_bounds(year, 1)
    _, last = jalali.month_bounds(year, 12)
    span = (last - first).days

    def day():
        return first + datetime.timedelta(days=rng.randrange(span + 1))

    def moment():
        return timezone.make_aware(datetime.datetime.combine(day(), datetime.time(rng.randrange(24), rng.randrange(60))))

    batch = 5_000
    with transaction.atomic():
        owner = User.objects.create_user("bench.owner", role=Role.COORDINATOR, province=provinces[0])
        for province in provinces:
            User.objects.create_user(f"bench.{province.code}", role=Role.COORDINATOR, province=province)
        kinds = ["government_agency", "ngo", "media_outlet", "business"]
        orgs = [Organization(name=f"سازمان {i}", kind=kinds[i % 4], province=provinces[i % len(provinces)],
                             media_kind="radio" if i % 4 == 2 else "") for i in range(n["organizations"])]
        Organization.objects.bulk_create(orgs, batch_size=batch)
        orgs = list(Organization.objects.all())
        media = [o for o in orgs if o.kind == "media_outlet"]
        business = [o for o in orgs if o.kind == "business"]
        Contact.objects.bulk_create([Contact(organization=rng.choice(orgs), first_name="علی", last_name=f"رضایی {i}")
                                     for i in range(n["contacts"])], batch_size=batch)
        Contact.objects.update(created_at=moment())  # one moment is enough for a range scan
        Interaction.objects.bulk_create([Interaction(organization=rng.choice(orgs), kind="call", occurred_on=day(),
                                                     subject="تماس") for _ in range(n["interactions"])], batch_size=batch)
        meetings = []
        for _ in range(n["meetings"]):
            held = rng.random() < 0.6
            when = day()
            meetings.append(Meeting(organization=rng.choice(orgs), purpose="معرفی طرح", proposed_date=when,
                                    status="held" if held else "requested", held_on=when if held else None,
                                    outcome=rng.choice(["cooperation_agreed", "no_result"]) if held else "",
                                    minutes="صورت‌جلسه" if held else "", decided_at=timezone.now() if held else None))
        Meeting.objects.bulk_create(meetings, batch_size=batch)
        held = list(Meeting.objects.filter(status="held").values_list("pk", "held_on"))
        followups = []
        for _ in range(n["followups"]):
            pk, held_on = rng.choice(held)
            done = rng.random() < 0.5
            due = held_on + datetime.timedelta(days=rng.randrange(30))
            followups.append(FollowUp(meeting_id=pk, description="پیگیری", owner=owner, due_date=due,
                                      status="done" if done else "open", completed_on=due if done else None))
        FollowUp.objects.bulk_create(followups, batch_size=batch)
        MediaCoverage.objects.bulk_create([MediaCoverage(outlet=rng.choice(media), published_on=day(), title="گزارش",
                                                         kind="news", estimated_reach=rng.randrange(100, 50_000))
                                           for _ in range(n["coverage"])], batch_size=batch)
        Pledge.objects.bulk_create([Pledge(sponsor=rng.choice(business), kind="cash", value_rials=rng.randrange(1, 100) * 10**6,
                                           purpose="حمایت", pledged_on=day()) for _ in range(n["pledges"])],
                                   batch_size=batch)
        pledges = list(Pledge.objects.values_list("pk", flat=True))
        Receipt.objects.bulk_create([Receipt(pledge_id=rng.choice(pledges), received_on=day(), value_rials=10**6,
                                             description="واریز") for _ in range(n["receipts"])], batch_size=batch)
        areas = list(Area.objects.all())
        counties = {}
        for county in County.objects.all():
            counties.setdefault(county.province_id, []).append(county)
        ambassadors = []
        for i in range(n["ambassadors"]):
            province = provinces[i % len(provinces)]
            ambassador = Ambassador(province=province, county=rng.choice(counties.get(province.pk, [None])),
                                    first_name="مریم", last_name=f"احمدی {i}", gender="female",
                                    status=rng.choice(["active", "active", "active", "inactive", "candidate"]))
            ambassador.national_code = f"{i:010d}"  # unique; the checksum is the form's business
            ambassadors.append(ambassador)
        Ambassador.objects.bulk_create(ambassadors, batch_size=batch)
        through = Ambassador.areas.through
        through.objects.bulk_create([through(ambassador_id=pk, area_id=area.pk)
                                     for pk in Ambassador.objects.values_list("pk", flat=True)
                                     for area in rng.sample(areas, rng.choice([1, 1, 2]))], batch_size=batch)
        events = []
        for i in range(n["events"]):
            status = rng.choice(["held", "closed", "published", "draft"])
            events.append(Event(title=f"کارگاه {i}", kind="workshop", province=provinces[i % len(provinces)],
                                area=rng.choice(areas), audience="بازنشستگان", capacity=20, status=status,
                                published_at=None if status == "draft" else timezone.now()))
        Event.objects.bulk_create(events, batch_size=batch)
        events = list(Event.objects.values_list("pk", flat=True))
        sessions = []
        for _ in range(n["sessions"]):
            starts = moment()
            sessions.append(Session(event_id=rng.choice(events), starts_at=starts,
                                    ends_at=starts + datetime.timedelta(hours=2), online_link="https://meet.example/a"))
        Session.objects.bulk_create(sessions, batch_size=batch)
    # Spread "created" over the year so the "added this month" figures scan a real range.
    for model in (Organization, Meeting):
        ids = list(model.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            model.objects.filter(pk__in=ids[start:start + 500]).update(created_at=moment())
    return sum(n.values())


def timed(function, repeat=7) -> float:
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure():
    from django.utils import timezone

    from accounts.models import User
    from core import jalali
    from core.registry import registry
    from core.roles import Role
    from geo.models import Province
    from reports import selectors, services

    province = Province.objects.get(code="23")
    year = jalali.month_of(timezone.localdate())[0] - 1
    month = 7
    sections = registry.monthly_sections(province, year, month)
    figures = sum(len(section.figures) for section in sections)
    print(f"  one province's month ({province.name}, {jalali.month_key(year, month)}): {len(sections)} sections, "
          f"{figures} figures")
    print(f"    registry.monthly_sections: {timed(lambda: registry.monthly_sections(province, year, month)):.0f} ms (median of 7)")
    for part in registry.contributions():
        if part.monthly is not None:
            from django.utils.module_loading import import_string

            function = import_string(part.monthly) if isinstance(part.monthly, str) else part.monthly
            print(f"      {part.app_label}: {timed(lambda f=function: f(province, year, month)):.0f} ms")
    coordinator = User.objects.get(username="bench.23")
    report = services.report_open(coordinator, province=province, jalali_year=year, jalali_month=month, narrative="روایت")
    print(f"    frozen snapshot + SHA-256: {timed(lambda: selectors.freeze(report)):.0f} ms")
    admin = User.objects.create_user("bench.admin", role=Role.NATIONAL_ADMIN)
    print(f"    timeliness grid 31 × 12: {timed(lambda: selectors.timeliness(admin, year)):.0f} ms")
    from reports import national

    print("  the national picture (31 provinces × 8 areas):")
    for measure in national.MEASURES:
        print(f"    {measure.key}: {timed(lambda m=measure: national.national_picture(admin, m.key, year)):.0f} ms")


if __name__ == "__main__":
    main()
