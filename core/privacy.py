"""Personal data is masked unless the viewer's role needs it (DESIGN: data rules)."""


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
