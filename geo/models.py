"""Iran's 31 provinces and their counties: reference data loaded by migration."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ScopedModel


class Province(ScopedModel):
    code = models.CharField(_("official code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    center = models.CharField(_("capital"), max_length=64, blank=True)

    # A province user sees only their own province.
    scope_province_field = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class County(ScopedModel):
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="counties")
    code = models.CharField(_("official code"), max_length=4, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=64)

    scope_province_field = "province"

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"],
                name="county_unique_name_in_province",
                violation_error_message=_("This province already has a county with this name."),
            )
        ]

    def __str__(self):
        return self.name
