"""Personal data is masked unless the viewer's role needs it (DESIGN: data rules)."""
import re

from .normalize import normalize_digits

# Personal fields of each model (app label, model name), masked in audit records whatever
# an entry holds: entries written by auditlog (mask_fields), by hand, or before masking began.
PERSONAL_FIELDS = {
    ("ambassadors", "ambassador"): {"national_code", "mobile"},
    ("partners", "contact"): {"mobile", "phone", "email"},
    ("accounts", "user"): {"mobile"},
    ("retirees", "retiree"): {"national_code", "mobile"},
    ("retirees", "child"): {"mobile"},
}

_LONG_NUMBER = re.compile(r"\+?[0-9][0-9\- ]{6,}[0-9]")


def mask(value: str | None, visible: int = 4) -> str:
    """`0012345678` → `******5678`."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]


def shown(user, value, permission: str) -> str:
    return value if user is not None and user.has_perm(permission) else mask(value)


def mask_numbers(text: str) -> str:
    """Long digit runs (codes, phone numbers) in free text masked: `q=0013542419` → `******2419`."""
    if not text:
        return text
    return _LONG_NUMBER.sub(lambda match: mask(re.sub(r"[^0-9]", "", match.group())), normalize_digits(str(text)))
