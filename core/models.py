"""The thin shared base every Safiran model stands on."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import scope


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows this user may see; the only way pages, API, exports and search read data."""
        return scope.restrict(self, user)

    def assignable_by(self, user):
        """Rows this user may choose in a form: those they see (a model may narrow it)."""
        return self.visible_to(user)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ScopedModel(models.Model):
    """Queryset scope and `app:model_action` URLs.

    Subclasses set `scope_province_field` (a lookup to the province, or None for national
    reference data) and optionally `scope_area_field`.
    """

    objects = ScopedManager()

    scope_province_field: str | None = "province"
    scope_area_field: str | None = None

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.url_name("detail"), args=[self.pk])

    @classmethod
    def url_name(cls, action: str) -> str:
        return f"{cls._meta.app_label}:{cls._meta.model_name}_{action}"


class SafiranModel(ScopedModel):
    """The base of domain models: scope plus timestamps and creator."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True
