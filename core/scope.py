"""Who may see which rows: the one place where province and area scope is decided.

Every page, API endpoint, export and search reads through `Model.objects.visible_to(user)`,
which calls `restrict` below. A model declares where its province lives
(`scope_province_field`, None for national reference data) and, optionally, its areas
(`scope_area_field`).
"""
from django.db.models import Q, QuerySet


def restrict(queryset: QuerySet, user) -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    model = queryset.model
    if getattr(user, "has_national_scope", False):
        return queryset
    province_field = getattr(model, "scope_province_field", None)
    if province_field is None:
        return queryset
    if not user.province_id:
        return queryset.none()
    queryset = queryset.filter(**{province_field: user.province_id})
    area_field = getattr(model, "scope_area_field", None)
    if area_field and user.is_area_restricted:
        # An object with no area belongs to the whole province's programme.
        in_areas = Q(**{f"{area_field}__in": user.scope_area_ids}) | Q(**{f"{area_field}__isnull": True})
        queryset = queryset.filter(pk__in=model._default_manager.filter(in_areas).values("pk"))
    return queryset


def provinces_for(user):
    """Provinces a user may assign to new objects."""
    from geo.models import Province

    return Province.objects.visible_to(user)
