from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import EducationLevel, Gender
from core.models import SafiranModel
from core.validators import validate_mobile, validate_national_code

from .choices import AmbassadorStatus


class Ambassador(SafiranModel):
    """A culture-building ambassador (سفیر فرهنگ‌سازی): a volunteer, usually a retiree."""

    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    national_code = models.CharField(_("national code"), max_length=10, unique=True, validators=[validate_national_code])
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "geo.County", verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="ambassadors")
    expertise = models.TextField(_("expertise"), blank=True, help_text=_("Skills and experience useful to the programme."))
    education = models.CharField(_("education"), max_length=16, choices=EducationLevel.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AmbassadorStatus.choices, default=AmbassadorStatus.CANDIDATE)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassador_profile",
    )
    notes = models.TextField(_("notes"), blank=True)
    # Set when a recruitment candidate from the roster is onboarded (recruitment.services).
    retiree = models.OneToOneField(
        "retirees.Retiree", verbose_name=_("roster record"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="ambassador", editable=False,
    )

    scope_province_field = "province"
    scope_area_field = "areas"
    search_fields = ("first_name", "last_name", "national_code", "mobile", "expertise")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        permissions = [
            ("deactivate_ambassador", _("Can deactivate and reactivate ambassadors")),
            ("export_ambassador", _("Can export ambassadors")),
            ("view_personal_ambassador", _("Can see ambassadors' national code and mobile")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_code__regex=r"^[0-9]{10}$"),
                name="ambassador_national_code_ten_digits",
                violation_error_message=_("The national code must be ten digits."),
            ),
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=r"^09[0-9]{9}$"),
                name="ambassador_mobile_format",
                violation_error_message=_("The mobile number must be 11 digits starting with 09."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def clean(self):
        errors = {}
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            errors["county"] = _("This county is not in the chosen province.")
        if self.user_id and self.province_id and self.user.province_id not in (None, self.province_id):
            errors["user"] = _("This user account belongs to another province.")
        if errors:
            raise ValidationError(errors)
