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


class CountyAlias(ScopedModel):
    """Another name under which rosters write a county: a short or former name, a county since
    split or moved to another province, or a value a national admin mapped once on an import's
    page. Loaded from geo/data/county_aliases.json (with its source); matched by `key`
    (geo.matching.place_key), so spaces, half-spaces and letter variants do not matter."""

    class Kind(models.TextChoices):
        SHORT = "short", _("common short name")
        FORMER = "former", _("former name")
        SEAT = "seat", _("name of the county's seat")
        SPLIT = "split", _("county since split")
        MOVED = "moved", _("county moved to another province")
        MAPPED = "mapped", _("mapped by a national admin")

    province = models.ForeignKey(
        Province, verbose_name=_("province written in the file"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name as written"), max_length=64)
    key = models.CharField(_("matching key"), max_length=64, editable=False)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("source or reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("mapped by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_province_field = "province"

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("county alias")
        verbose_name_plural = _("county aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "key"],
                name="countyalias_unique_key_in_province",
                violation_error_message=_("This name is already mapped to a county in this province."),
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.county}"
