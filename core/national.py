"""National-scale data for load tests (issue 14): `manage.py seed_demo --scale national`.

What a programme in its third year holds, made in minutes by bulk inserts, deterministic:

1. the demo programme (`seed_demo`: three provinces, every module's records, made through
   the apps' own demo code, so its records are valid and believable);
2. each app's `national(ctx)` hook, if its demo module has one: the roster of 1.5 million
   retirees (`retirees.demo.national`, through the real importer);
3. copies of the demo provinces' records into every province, `copies` times each, spread
   over three Jalali years: for every model with a province (and the models hanging off them),
   in dependency order, rows are copied with `bulk_create`, their foreign keys pointed at the
   copies (a copied meeting at the copied organisation, in the copied province, a county of
   that province), their dates moved back by up to three years, their unique text made unique.
   Models whose uniqueness is per province and period (a province's monthly report, a
   quarter's priority round) are copied once per province.

Nothing here names an app: the models are found through their `scope_province_field`, so a
new module's records are copied as soon as it has demo data. `--fraction 0.1` makes a copy a
tenth the size (copies and roster) for development.
"""
import datetime
import hashlib
import time
from collections import defaultdict

from django.apps import apps
from django.db import models, transaction

# Full national scale: copies of a demo province's records per province (a demo province has
# ~21 organisations, ~70 ambassadors, 4 users: 31 × 32 copies ≈ 21k organisations, 69k
# ambassadors, 4k users) and the roster's size.
NATIONAL_COPIES = 32
NATIONAL_ROSTER = 1_500_000
SPREAD_DAYS = 3 * 365  # three Jalali years
# Not copied: the roster and what is computed from it (loaded by retirees' own hook), reference
# data, and records whose copies would only be noise.
SKIPPED = {"retirees.retiree", "retirees.demographiccell", "retirees.rosterimport", "retirees.child",
           "retirees.rostersettings", "geo.province", "geo.county", "geo.countyalias", "accounts.apitoken",
           "events.calendarfeed", "events.certificate"}


def project_models() -> list[type[models.Model]]:
    from django.conf import settings

    labels = settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("core"):]
    result = []
    skipped = SKIPPED | _not_copied()
    for label in labels:
        config = apps.get_app_config(label.rsplit(".", 1)[-1])
        for model in config.get_models():
            if not model._meta.proxy and model._meta.label_lower not in skipped:
                result.append(model)
    return result


def _not_copied() -> set[str]:
    """Models an app fills at national scale with its own `national` hook instead of copies
    (a demo module's NATIONAL_NOT_COPIED): copies cannot move a value to another place and period."""
    return {label for _app, module in _demo_modules() for label in getattr(module, "NATIONAL_NOT_COPIED", ())}


def _fk_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _plan(candidates):
    """The models to copy, parents first: those with a province, and those whose rows hang off
    a copied model by a required foreign key."""
    chosen = [m for m in candidates if getattr(m, "scope_province_field", None) or m._meta.label_lower == "accounts.user"]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in chosen:
                continue
            parents = [f for f in _fk_fields(model) if f.related_model in chosen and not f.null
                       and f.related_model._meta.label_lower != "accounts.user"]
            if parents:
                chosen.append(model)
                changed = True
    ordered, done = [], set()
    while len(ordered) < len(chosen):
        progressed = False
        for model in chosen:
            if model in done:
                continue
            needs = {f.related_model for f in _fk_fields(model) if f.related_model in chosen and f.related_model is not model}
            if needs <= done:
                ordered.append(model)
                done.add(model)
                progressed = True
        if not progressed:  # a cycle: take the rest as they come (their links fall back to originals)
            ordered += [m for m in chosen if m not in done]
            break
    return ordered


def _once_per_province(model, copied) -> bool:
    """True when a unique rule would refuse a second copy in one province (it names the
    province, a number or a choice, rather than only copied records and text)."""
    sets = [list(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    sets += [list(u) for u in model._meta.unique_together]
    # A one-to-one link is a unique rule of its own (a province's one working group).
    sets += [[f.name] for f in model._meta.concrete_fields if f.unique and isinstance(f, models.ForeignKey)]
    for fields in sets:
        for name in fields:
            field = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                if field.related_model._meta.label_lower in ("geo.province", "geo.county"):
                    return True
                continue  # a copied record, or one picked afresh in the target province (Pools)
            if isinstance(field, (models.CharField, models.BinaryField)):
                continue
            return True
    return False


def _per_province_record(model, copied) -> bool:
    """A record that belongs to a province but is not copied (a retiree of the roster)."""
    return (model not in copied and bool(getattr(model, "scope_province_field", None))
            and model._meta.label_lower not in ("geo.province", "geo.county"))


def _unique_nullable_links(model, copied) -> set[str]:
    """Nullable links to records that are not copied (a candidate's retiree), named in a unique
    rule: left empty in copies, so a copy never repeats the original's pair."""
    names = {f.attname for f in _fk_fields(model) if f.unique and _per_province_record(f.related_model, copied)}
    sets = [list(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    sets += [list(u) for u in model._meta.unique_together]
    for fields in sets:
        for name in fields:
            field = model._meta.get_field(name)
            if isinstance(field, models.ForeignKey) and _per_province_record(field.related_model, copied):
                names.add(field.attname)
    return names


class Pools:
    """Rows of records that are not copied (the roster's retirees), handed out one by one per
    province and per linking field, never one the field already names (an original ambassador's
    retiree), so that a copy never repeats a pair a unique rule forbids."""

    def __init__(self, limit: int = 20_000):
        self.limit = limit
        self.rows: dict = {}
        self.next: dict = defaultdict(int)

    def take(self, field, province_id):
        """A record of `field`'s related model in the province that `field` names nowhere yet."""
        model = field.related_model
        key = (field, province_id)
        if key not in self.rows:
            path = getattr(model, "scope_province_field", None)
            used = field.model._base_manager.filter(**{f"{field.attname}__isnull": False}).values(field.attname)
            self.rows[key] = (list(model._base_manager.filter(**{path: province_id}).exclude(pk__in=used)
                                   .order_by("pk").values_list("pk", flat=True)[: self.limit]) if path else [])
        index = self.next[key]
        if index >= len(self.rows[key]):
            return None
        self.next[key] += 1
        return self.rows[key][index]


def _unique_text_fields(model, once: bool = False) -> list:
    fields = [f for f in model._meta.concrete_fields if (f.unique and not f.primary_key
              and isinstance(f, (models.CharField, models.BinaryField))) or isinstance(f, models.EmailField)]
    sets = [list(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    sets += [list(u) for u in model._meta.unique_together]
    for names in sets:
        if once and any(_is_province_link(model._meta.get_field(name)) for name in names):
            # Copied once per province and the rule names the province: the copy is unique
            # already, and its text (a period's key) must stay as it is.
            continue
        for name in names:
            field = model._meta.get_field(name)
            if isinstance(field, (models.CharField, models.BinaryField)) and field not in fields:
                fields.append(field)
    return fields


def _is_province_link(field) -> bool:
    return isinstance(field, models.ForeignKey) and field.related_model._meta.label_lower == "geo.province"


def _make_unique(field, value, tag: str):
    if value in (None, "", b""):
        return value
    if isinstance(field, models.BinaryField):
        raw = bytes(value)
        return hashlib.blake2b(raw + tag.encode(), digest_size=max(len(raw), 8) if len(raw) <= 64 else 64).digest()
    text = str(value)
    limit = field.max_length or 255
    if len(text) + len(tag) + 1 <= limit:
        return f"{text}-{tag}"
    return hashlib.blake2b(f"{text}-{tag}".encode(), digest_size=32).hexdigest()[:limit].upper()


def seed_national(out, *, copies: int, roster_rows: int, seed: int = 1405, ctx=None) -> dict:
    """Run the hooks, then the copies. Returns {model label: rows made}."""
    started = time.perf_counter()
    made: dict[str, int] = defaultdict(int)
    for _label, module in _demo_modules():
        hook = getattr(module, "national", None)
        if hook is not None:
            begun = time.perf_counter()
            count = hook(ctx, roster_rows=roster_rows, seed=seed)
            out.write(f"  {module.__name__}.national: {count:,} rows in {time.perf_counter() - begun:.0f} s")
    provinces = list(_province_model().objects.order_by("code"))
    counties = defaultdict(list)
    for county_id, province_id in _county_model().objects.order_by("pk").values_list("pk", "province_id"):
        counties[province_id].append(county_id)
    county_province = {cid: pid for pid, ids in counties.items() for cid in ids}
    sources = _source_provinces()
    if not sources:
        raise RuntimeError("no demo data to copy: run seed_demo first")
    # Each province gets `copies` copies of one demo province's records (the demo provinces
    # themselves keep their originals as copy 0).
    targets = []
    for index, province in enumerate(provinces):
        source = sources[index % len(sources)] if province.pk not in sources else province.pk
        first = 1 if province.pk in sources else 0
        targets += [(source, province.pk, j) for j in range(first, copies)]
    plan = _plan(project_models())
    copied = set(plan)
    mapping: dict = {}  # (model, old pk, target province, copy) -> new pk
    pools = Pools()
    source_rows: dict = {}
    for model in plan:
        begun = time.perf_counter()
        once = _once_per_province(model, copied)
        nulls = _unique_nullable_links(model, copied)
        unique_text = _unique_text_fields(model, once)
        rows_by_source = _rows_by_source_province(model, sources, source_rows, copied)
        for source in sources:  # originals are copy 0 of their own province
            for row in rows_by_source.get(source, []):
                mapping[(model, row.pk, source, 0)] = row.pk
        m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
        batch, origins = [], []
        for source, target, j in targets:
            if once and j > 0:
                continue
            shift = datetime.timedelta(days=-(j * SPREAD_DAYS // max(copies, 1)))
            tag = f"p{target}c{j}"
            for row in rows_by_source.get(source, []):
                clone = _copy(row, model, target, j, shift, tag, mapping, counties, county_province, copied, nulls,
                              unique_text, pools)
                if clone is None:
                    continue
                batch.append(clone)
                origins.append((row, target, j))
        if not batch:
            continue
        with transaction.atomic():
            with _dates_as_given(model):
                created = model.objects.bulk_create(batch, batch_size=2000)
            for (row, target, j), clone in zip(origins, created, strict=True):
                mapping[(model, row.pk, target, j)] = clone.pk
            for field in m2m:
                _copy_m2m(model, field, origins, created, mapping, copied)
        made[model._meta.label] += len(created)
        out.write(f"  {model._meta.label}: {len(created):,} copies in {time.perf_counter() - begun:.1f} s")
    out.write(f"National data: {sum(made.values()):,} rows copied in {time.perf_counter() - started:.0f} s")
    return dict(made)


def _demo_modules():
    from .registry import registry

    return registry.demo_modules()


def _province_model():
    return apps.get_model("geo", "Province")


def _county_model():
    return apps.get_model("geo", "County")


def _source_provinces() -> list[int]:
    from .demo import DEMO_PROVINCES

    names = [name for _prefix, name in DEMO_PROVINCES]
    by_name = dict(_province_model().objects.filter(name__in=names).values_list("name", "pk"))
    user = apps.get_model("accounts", "User")
    return [by_name[name] for name in names if name in by_name and user.objects.filter(province_id=by_name[name]).exists()]


def _rows_by_source_province(model, sources, source_rows, copied) -> dict[int, list]:
    """The original rows of each demo province (by the model's province, or its parent's)."""
    result: dict[int, list] = defaultdict(list)
    province_field = getattr(model, "scope_province_field", None)
    if model._meta.label_lower == "accounts.user":
        province_field = "province"
    if province_field:
        queryset = model._base_manager.filter(**{f"{province_field}__in": sources})
        owners = dict(queryset.values_list("pk", province_field))
        for row in queryset.order_by("pk"):
            result[owners[row.pk]].append(row)
    else:
        parent = next(f for f in _fk_fields(model) if f.related_model in copied and not f.null
                      and f.related_model._meta.label_lower != "accounts.user")
        owners = {row.pk: province for province, rows in source_rows.get(parent.related_model, {}).items() for row in rows}
        for row in model._base_manager.filter(**{f"{parent.attname}__in": list(owners)}).order_by("pk"):
            result[owners[getattr(row, parent.attname)]].append(row)
    source_rows[model] = result
    return result


class _dates_as_given:
    """bulk_create stamps auto_now(_add) fields with the load time; a copy keeps its moved
    dates, so a third-year programme's records were created over three years, not today."""

    def __init__(self, model):
        self.fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]

    def __enter__(self):
        self.saved = [(f, f.auto_now, f.auto_now_add) for f in self.fields]
        for field in self.fields:
            field.auto_now = field.auto_now_add = False

    def __exit__(self, *exc):
        for field, now, now_add in self.saved:
            field.auto_now, field.auto_now_add = now, now_add


def _copy(row, model, target, j, shift, tag, mapping, counties, county_province, copied, nulls, unique_text, pools):
    clone = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key})
    for field in _fk_fields(model):
        value = getattr(row, field.attname)
        if value is None:
            continue
        related = field.related_model._meta.label_lower
        if field.related_model is model:
            # A link within the model: copies are made in one batch and cannot name each other.
            # A one-to-one (a report's previous version) is left empty; others keep the original.
            if field.unique and field.null:
                setattr(clone, field.attname, None)
        elif field.attname not in nulls and _per_province_record(field.related_model, copied):
            # Another link to a record that is not copied (a booking of a guest instructor from
            # the roster): a copy elsewhere cannot name the original's person, nor book their
            # time again, so the row is not copied.
            return None
        elif field.attname in nulls:
            # A record of the target province instead (or none): never the original's.
            picked = pools.take(field, target) if getattr(field.related_model, "scope_province_field", None) else None
            if picked is None:
                return None  # nobody to name here (a candidate needs its person): no copy
            setattr(clone, field.attname, picked)
        elif related == "geo.province":
            setattr(clone, field.attname, target)
        elif related == "geo.county":
            choices = counties.get(target) or [value]
            setattr(clone, field.attname, choices[value % len(choices)] if county_province.get(value) != target else value)
        elif field.related_model in copied:
            new = mapping.get((field.related_model, value, target, j), mapping.get((field.related_model, value, target, 0)))
            if new is not None:
                setattr(clone, field.attname, new)
            elif not field.null and related != "accounts.user":
                return None  # its parent was not copied here: neither is it
    if shift:
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.DateField, models.DateTimeField)):
                value = getattr(clone, field.attname)
                if value is not None:
                    setattr(clone, field.attname, value + shift)
    for field in unique_text:
        setattr(clone, field.attname, _make_unique(field, getattr(clone, field.attname), tag))
    return clone


def _copy_m2m(model, field, origins, created, mapping, copied):
    through = field.remote_field.through
    source_name = field.m2m_field_name()
    target_name = field.m2m_reverse_field_name()
    originals = defaultdict(list)
    for link in through.objects.filter(**{f"{source_name}__in": [row.pk for row, _t, _j in origins]}):
        originals[getattr(link, f"{source_name}_id")].append(getattr(link, f"{target_name}_id"))
    related = field.related_model
    if _per_province_record(related, copied):
        return  # the roster's people are not copied: copies name none of them (guest instructors)
    links = []
    for (row, target, j), clone in zip(origins, created, strict=True):
        for other in originals.get(row.pk, []):
            if related in copied:
                other = mapping.get((related, other, target, j), mapping.get((related, other, target, 0), other))
            links.append(through(**{f"{source_name}_id": clone.pk, f"{target_name}_id": other}))
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
