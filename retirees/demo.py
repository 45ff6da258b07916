"""A believable roster for the demo provinces (a few thousand retirees, imported through the
real importer), consents for some of them, and sons and daughters recorded with consent."""
import tempfile
from pathlib import Path

from core.normalize import search_key

from . import crypto
from .choices import ChildRelation
from .generator import FIELDS, write_csv
from .importer import run_import, start_import
from .models import Child, Retiree

ROSTER_ROWS = 3000
CHILD_FIELDS = FIELDS + ["مهندسی نرم‌افزار", "طراحی گرافیک", "روزنامه‌نگاری", "علوم ارتباطات"]


def seed(ctx):
    # One file per demo province, imported by its coordinator, as the fund sends them.
    with tempfile.TemporaryDirectory() as folder:
        for prefix, province in ctx.provinces.items():
            path = Path(folder) / f"roster-{province.code}.csv"
            write_csv(path, ROSTER_ROWS // len(ctx.provinces), seed=ctx.rng.randint(1, 10**6), province_codes=[province.code])
            coordinator = ctx.users[f"{prefix}.coordinator"]
            run_import(start_import(path, f"فهرست-بازنشستگان-{province.name}.csv", province=province, by=coordinator))
    rng = ctx.rng
    ids = list(Retiree.objects.order_by("pk").values_list("pk", flat=True))
    contact = set(rng.sample(ids, int(len(ids) * 0.6)))
    children_ok = set(rng.sample(sorted(contact), int(len(contact) * 0.3)))
    Retiree.objects.filter(pk__in=contact).update(consent_contact=True)
    Retiree.objects.filter(pk__in=children_ok).update(consent_children=True)
    children = []
    for retiree in Retiree.objects.filter(pk__in=sorted(children_ok)[:150]):
        for _ in range(rng.choice([1, 1, 2])):
            son = rng.random() < 0.5
            gender = "male" if son else "female"
            first, _last = ctx.person_name(gender)
            field = rng.choice(CHILD_FIELDS)
            mobile = f"09{rng.choice([12, 19, 35, 36])}{rng.randint(1000000, 9999999)}"
            children.append(Child(
                retiree=retiree, first_name=first, last_name=retiree.last_name,
                relation=ChildRelation.SON if son else ChildRelation.DAUGHTER,
                birth_year=rng.randint(1360, 1380), education=rng.choice(["bachelor", "master", "diploma", "doctorate"]),
                field_of_study=field, field_key=search_key(field), mobile_encrypted=crypto.encrypt(mobile),
                consent_contact=rng.random() < 0.8,
            ))
    Child.objects.bulk_create(children)


def national(ctx, *, roster_rows: int, seed: int) -> int:
    """National scale (core.national): the whole country's roster through the real importer,
    in one file as the fund would send it, with the generator's share of defective rows."""
    from django.apps import apps

    if Retiree.objects.count() >= roster_rows:
        return 0
    admin = apps.get_model("accounts", "User").objects.filter(username="admin").first()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster-national.csv"
        write_csv(path, roster_rows, seed=seed)
        roster_import = run_import(start_import(path, "فهرست-بازنشستگان-کشور.csv", by=admin))
    return roster_import.saved_rows
