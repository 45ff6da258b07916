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
