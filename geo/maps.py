"""Iran's province map: SVG path data per province (official code), built by
scripts/build-iran-map from the vendored Natural Earth boundaries (static/vendor/VERSIONS.md)."""
import json
from functools import lru_cache
from pathlib import Path

SHAPES = Path(__file__).resolve().parent / "data" / "province_shapes.json"


@lru_cache(maxsize=1)
def province_shapes() -> dict:
    """{"width", "height", "provinces": {code: {"iso", "d", "label": [x, y]}}}"""
    return json.loads(SHAPES.read_text(encoding="utf-8"))
