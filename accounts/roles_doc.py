"""The roles-and-permissions matrix, generated from the code so the docs cannot drift
(docs/roles-and-scope.md embeds it; a test compares)."""
from django.apps import apps
from django.utils import translation

from core.roles import Role

MATRIX_START = "<!-- roles-matrix:start -->"
MATRIX_END = "<!-- roles-matrix:end -->"


def roles_matrix_markdown() -> str:
    roles = list(Role)
    configs = apps.get_app_configs()
    perms = sorted(
        {perm for config in configs for granted in getattr(config, "role_permissions", {}).values() for perm in granted}
        | {perm for config in configs for perm in getattr(config, "national_only_permissions", ())}
    )
    with translation.override("en"):
        header = "| permission | " + " | ".join(str(role.label) for role in roles) + " |"
        lines = [header, "|---" * (len(roles) + 1) + "|"]
        for perm in perms:
            app_label = perm.split(".")[0]
            marks = []
            for role in roles:
                config = next((c for c in apps.get_app_configs() if c.label == app_label), None)
                granted = role == Role.NATIONAL_ADMIN or perm in getattr(config, "role_permissions", {}).get(role, ())
                marks.append("✓" if granted else "")
            lines.append(f"| `{perm}` | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"
