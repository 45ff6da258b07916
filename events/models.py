from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel, ScopedQuerySet
from core.normalize import search_key
from core.search import search_expression

from .choices import FacilityStatus

DIGITS_ONLY = r"^[0-9]{3,15}$"
# A space events can book.
BOOKABLE = [FacilityStatus.AVAILABLE]


class FacilityQuerySet(ScopedQuerySet):
    def same_name(self, name: str):
        """Spaces whose name is the same once ی/ي, ک/ك, spaces and half-spaces are ignored."""
        return self.alias(_name_key=search_expression("name")).filter(_name_key=search_key(name))

    def bookable(self):
        return self.filter(status__in=BOOKABLE)


class Facility(SafiranModel):
    """A local space that is unused and could host the programme's events (D8): reported,
    verified after a visit, then available to book; unsuitable or retired ones stay on record.
    `status` changes only through events.services."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As people there call it, e.g. “Hall of the Red Crescent”."))
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("geo.County", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "partners.Organization", verbose_name=_("owner organisation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="facilities",
    )
    address = models.TextField(_("address"))
    seats = models.PositiveIntegerField(_("seats"), help_text=_("How many people it seats."))
    step_free = models.BooleanField(
        _("step-free access"), default=False, help_text=_("Reachable without stairs, for older and disabled people.")
    )
    accessibility = models.TextField(
        _("accessibility notes"), blank=True, help_text=_("Ramp, lift, accessible toilet, seating with backs, parking…")
    )
    free_times = models.TextField(_("free days and hours"), help_text=_("e.g. Saturday to Wednesday, 8:00 to 14:00."))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=FacilityStatus.choices, default=FacilityStatus.REPORTED)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visit_notes = models.TextField(_("what the visit found"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    status_reason = models.TextField(_("reason"), blank=True)

    objects = models.Manager.from_queryset(FacilityQuerySet)()

    scope_province_field = "province"
    search_fields = ("name", "address", "owner__name", "contact_name")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        permissions = [
            ("verify_facility", _("Can verify spaces after a visit and open them for booking")),
            ("retire_facility", _("Can mark spaces unsuitable or no longer available")),
            ("export_facility", _("Can export spaces")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="facility_has_seats",
                violation_error_message=_("A space needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(status=FacilityStatus.REPORTED) | Q(status=FacilityStatus.UNSUITABLE) | Q(visited_on__isnull=False),
                name="facility_verified_after_visit",
                violation_error_message=_("A space is verified only after a visit: record the date of the visit."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED]) | ~Q(status_reason=""),
                name="facility_closed_has_reason",
                violation_error_message=_("Say why the space is unsuitable or no longer available."),
            ),
            models.CheckConstraint(
                condition=Q(contact_phone="") | Q(contact_phone__regex=DIGITS_ONLY),
                name="facility_phone_digits",
                violation_error_message=_("The phone number must be digits only."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            raise ValidationError({"county": _("This county is not in the chosen province.")})
        if self.owner_id and self.province_id and self.owner.province_id != self.province_id:
            raise ValidationError({"owner": _("Choose an organisation of the space's province.")})

    @property
    def is_bookable(self) -> bool:
        return self.status in BOOKABLE
