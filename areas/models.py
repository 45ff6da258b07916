"""The programme's specialised areas (حوزه‌های تخصصی): eight by default, edited by national admins."""
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import ScopedManager, ScopedModel, ScopedQuerySet


class AreaQuerySet(ScopedQuerySet):
    def assignable_by(self, user):
        """Someone who works in some areas only files records in those areas: anything else
        would disappear from their own view."""
        queryset = self.visible_to(user)
        if getattr(user, "is_area_restricted", False):
            queryset = queryset.filter(pk__in=user.scope_area_ids)
        return queryset


class Area(ScopedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short English name"), max_length=50, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager.from_queryset(AreaQuerySet)()

    # National reference data: visible to every signed-in user.
    scope_province_field = None

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="area_unique_name", violation_error_message=_("An area with this name already exists.")
            )
        ]

    def __str__(self):
        return self.name
