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


class WrittenOutOfScope(Exception):
    """A write that left the object, or one of the records it points to, outside the writer's
    scope. `field` names the offending field, or is None when the object itself left."""

    def __init__(self, field: str | None):
        super().__init__(field)
        self.field = field


def verify_written(obj, user) -> None:
    """After a create, update or workflow step: the saved object must be visible to `user`,
    and so must every record its editable foreign keys and many-to-many fields point to —
    whether or not the form limited their choices. Raises WrittenOutOfScope; callers run it
    inside the write's transaction, so raising rolls the write back."""
    if user is None:
        return
    model = type(obj)
    # The fields first: "this choice is not yours" says more than "not found".
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and field.editable):
            continue
        target = field.related_model._default_manager
        if not hasattr(target, "visible_to"):
            continue
        if field.many_to_many:
            ids = set(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            value = getattr(obj, field.attname)
            ids = {value} if value is not None else set()
        if ids and target.visible_to(user).filter(pk__in=ids).count() != len(ids):
            raise WrittenOutOfScope(field.name)
    manager = model._default_manager
    if hasattr(manager, "visible_to") and not manager.visible_to(user).filter(pk=obj.pk).exists():
        raise WrittenOutOfScope(None)
