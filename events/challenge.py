"""A simple question against robots on the public registration page: the sum of two small
numbers, its answer signed into the form (no session needed), valid for an hour and once."""
import secrets

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from core import display
from core.normalize import normalize_digits

SALT = "events.public-challenge"
MAX_AGE = 60 * 60


def new() -> tuple[str, str]:
    """(token, question)."""
    a, b = secrets.randbelow(8) + 2, secrets.randbelow(8) + 2
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(8)}, salt=SALT)
    return token, _text(a, b)


def _text(a, b) -> str:
    return _("What is %(a)s plus %(b)s? (Anti-robot question)") % {"a": display.number(a), "b": display.number(b)}


def _load(token: str):
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None


def question(token: str) -> str:
    data = _load(token)
    return _text(data["a"], data["b"]) if data else ""


def check(token: str, answer: str) -> bool:
    """Right answer, within the hour, and the first time this question is used."""
    data = _load(token)
    if data is None or normalize_digits(str(answer)).strip() != str(data["a"] + data["b"]):
        return False
    return cache.add(f"{SALT}:{data['n']}", 1, MAX_AGE)
