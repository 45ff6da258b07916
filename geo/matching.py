"""Matching place names as rosters write them (geo.models.CountyAlias, docs/modules/retirees.md).

`place_key` goes further than core.normalize.search_key (which already folds ي/ك, digits,
spaces and half-spaces, so «شاهین شهر», «شاهین‌شهر» and «شاهینشهر» are one key): it also folds
the hamza and madda forms clerks type either way («نائین»/«نایین», «آق‌قلا»/«اق قلا»), the
final ة/ۀ, diacritics, and a leading «شهرستان».
"""
import re

from core.normalize import search_key

_FOLD = str.maketrans({
    "ئ": "ی", "ؤ": "و", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ۀ": "ه", "ء": None, "\u0654": None,
})
_MARKS = re.compile("[\u064b-\u065f\u0670]")
_PREFIX = "شهرستان"


def place_key(value) -> str:
    key = _MARKS.sub("", search_key(str(value or "")).translate(_FOLD))
    if key.startswith(_PREFIX) and len(key) > len(_PREFIX):
        key = key[len(_PREFIX):]
    return key
