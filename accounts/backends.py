"""Permissions from roles. Each app declares, on its AppConfig, `role_permissions`:
{Role: {"app.codename", ...}}. National admins hold every permission; their data scope
is still decided by querysets (core.scope)."""
from functools import cache

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from core.cache import cached
from core.roles import Role


@cache
def role_permissions(role: str) -> frozenset[str]:
    perms = set()
    for config in apps.get_app_configs():
        perms |= set(getattr(config, "role_permissions", {}).get(role, ()))
    return frozenset(perms)


class RolePermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        # Asked for every menu entry and button: made once per request (per user object).
        if not hasattr(user_obj, "_safiran_perm_cache"):
            user_obj._safiran_perm_cache = super().get_all_permissions(user_obj) | role_permissions(user_obj.role)
        return user_obj._safiran_perm_cache

    def _get_permissions(self, user_obj, obj, from_name):
        # Permissions given one by one or through groups: two queries per request otherwise,
        # kept until the next write (core.cache).
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return cached(("perms", from_name, user_obj.pk), lambda: super(RolePermissionBackend, self)._get_permissions(user_obj, obj, from_name))

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if getattr(user_obj, "role", None) == Role.NATIONAL_ADMIN:
            return True
        return perm in self.get_all_permissions(user_obj, obj)
