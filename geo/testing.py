"""Factories for tests: real provinces and counties from the national divisions."""
import json
from functools import cache

from .models import County, Province
from .reference import DIVISIONS_FILE


@cache
def _divisions() -> dict:
    data = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    return {item["code"]: item for item in data["provinces"]}


def make_province(code: str = "23") -> Province:
    """A real province by official code (23 Tehran, 10 Isfahan, 09 Khorasan Razavi); created if flushed."""
    item = _divisions()[code]
    province, _ = Province.objects.get_or_create(code=code, defaults={"name": item["name"], "center": item["center"]})
    return province


def make_county(province: Province) -> County:
    item = _divisions()[province.code]["counties"][0]
    county, _ = County.objects.get_or_create(province=province, name=item["name"], defaults={"code": item["code"]})
    return county
