from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel
from partners.choices import OrganizationKind

from .choices import CoverageKind


class MediaCoverage(SafiranModel):
    """Something about the programme that appeared in a media outlet (D7)."""

    outlet = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("media outlet"),
        on_delete=models.PROTECT,
        related_name="coverage",
        limit_choices_to={"kind": OrganizationKind.MEDIA_OUTLET},
    )
    published_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CoverageKind.choices)
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+")
    estimated_reach = models.PositiveIntegerField(
        _("estimated reach"), null=True, blank=True, help_text=_("About how many people saw, read or heard it.")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("related meeting"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="coverage",
    )
    related_event = models.CharField(
        _("related event"), max_length=200, blank=True, help_text=_("The course, workshop or event it was about, if any.")
    )
    notes = models.TextField(_("notes"), blank=True)

    scope_province_field = "outlet__province"
    scope_area_field = "areas"
    search_fields = ("title", "outlet__name", "related_event", "notes")

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("media coverage")
        verbose_name_plural = _("media coverage")
        permissions = [("export_mediacoverage", _("Can export media coverage"))]
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.outlet_id and self.outlet.kind != OrganizationKind.MEDIA_OUTLET:
            errors["outlet"] = _("Choose a media outlet. Register the outlet first if it is missing.")
        if self.meeting_id and self.outlet_id and self.meeting.organization.province_id != self.outlet.province_id:
            errors["meeting"] = _("Choose a meeting in the outlet's province.")
        if errors:
            raise ValidationError(errors)
