"""Loading the national divisions file (geo/data/divisions.json) into the database."""
import json
from pathlib import Path

DIVISIONS_FILE = Path(__file__).resolve().parent / "data" / "divisions.json"


def load_divisions(province_model, county_model) -> tuple[int, int]:
    """Insert or update every province and county; safe to run again. Returns the counts."""
    data = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    counties = 0
    for item in data["provinces"]:
        province, _ = province_model.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "name_en": item.get("name_en", ""), "center": item.get("center", "")},
        )
        for county in item["counties"]:
            county_model.objects.update_or_create(
                province=province, name=county["name"], defaults={"code": county.get("code")}
            )
            counties += 1
    return len(data["provinces"]), counties


ALIASES_FILE = Path(__file__).resolve().parent / "data" / "county_aliases.json"


def load_county_aliases(province_model, county_model, alias_model) -> int:
    """Insert or update the county aliases of geo/data/county_aliases.json; safe to run again."""
    from .matching import place_key

    data = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))
    provinces = {province.code: province for province in province_model.objects.all()}
    loaded = 0
    for item in data["aliases"]:
        province = provinces.get(item["province"])
        target = provinces.get(item.get("county_province", item["province"]))
        county = county_model.objects.filter(province=target, name=item["county"]).first() if target else None
        if province is None or county is None:
            continue
        alias_model.objects.update_or_create(
            province=province, key=place_key(item["alias"]),
            defaults={"name": item["alias"], "county": county, "kind": item["kind"], "note": item.get("note", "")[:300]},
        )
        loaded += 1
    return loaded


def ensure_reference_data() -> None:
    """Provinces, counties and county aliases, when their tables are empty (core.registry `reference`)."""
    from .models import County, CountyAlias, Province

    if not Province.objects.exists():
        load_divisions(Province, County)
    if not CountyAlias.objects.exists():
        load_county_aliases(Province, County, CountyAlias)
