from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.choices import EducationLevel, Gender
from core.models import SafiranModel, ScopedManager, ScopedQuerySet
from core.validators import mobile_is_valid, national_code_is_valid

from .choices import AmbassadorStatus


class AmbassadorQuerySet(ScopedQuerySet):
    """Exact lookup of the encrypted personal fields, through their blind indexes."""

    def with_national_code(self, code: str):
        # Every key's digest: found whether written before or after a key rotation.
        return self.filter(national_code_index__in=crypto.blind_indexes(code)) if code else self.none()

    def with_mobile(self, mobile: str):
        return self.filter(mobile_index__in=crypto.blind_indexes(mobile)) if mobile else self.none()


class Ambassador(SafiranModel):
    """A culture-building ambassador (سفیر فرهنگ‌سازی): a volunteer, usually a retiree.

    National code and mobile are encrypted at rest like the roster's (core.crypto), each with
    a keyed blind index for exact lookup (and the national code's uniqueness). Read and set
    them through the `national_code` and `mobile` properties; the form validates them.
    """

    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    national_code_encrypted = models.BinaryField(_("national code (encrypted)"), editable=False, default=b"")
    # One key-id byte, then the 16-byte digest (core.crypto).
    national_code_index = models.BinaryField(_("national code index"), max_length=17, editable=False, default=b"")
    mobile_encrypted = models.BinaryField(_("mobile (encrypted)"), blank=True, default=b"", editable=False)
    mobile_index = models.BinaryField(_("mobile index"), max_length=17, blank=True, default=b"", editable=False)
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

    objects = ScopedManager.from_queryset(AmbassadorQuerySet)()

    scope_province_field = "province"
    scope_area_field = "areas"
    # Never the personal fields: those are found by exact match only, by roles that see them
    # in clear (personal_search below; core.filters).
    search_fields = ("first_name", "last_name", "expertise")
    personal_search = {
        "national_code": ("ambassadors.view_personal_ambassador", "with_national_code"),
        "mobile": ("ambassadors.view_personal_ambassador", "with_mobile"),
    }

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
            models.UniqueConstraint(
                fields=["national_code_index"],
                name="ambassador_unique_national_code",
                violation_error_message=_("An ambassador with this national code is already registered."),
            ),
            models.CheckConstraint(
                condition=~Q(national_code_index=b""),
                name="ambassador_national_code_required",
                violation_error_message=_("Enter the national code."),
            ),
        ]
        indexes = [
            models.Index(fields=["province", "status"]),
            # The list's order, within a province and for national admins (issue 14).
            models.Index(fields=["province", "last_name", "first_name"], name="ambassador_province_name"),
            models.Index(fields=["last_name", "first_name"], name="ambassador_name"),
        ]

    # What __str__ is made of, in order: a long choice list of these is searched in the database
    # (core.remote_choices).
    label_fields = ("first_name", "last_name")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def national_code(self) -> str:
        if "_national_code" not in self.__dict__:
            self.__dict__["_national_code"] = crypto.decrypt(self.national_code_encrypted)
        return self.__dict__["_national_code"]

    @national_code.setter
    def national_code(self, value: str):
        value = value or ""
        self.__dict__["_national_code"] = value
        self.national_code_encrypted = crypto.encrypt(value)
        self.national_code_index = crypto.blind_index(value) if value else b""

    @property
    def mobile(self) -> str:
        if "_mobile" not in self.__dict__:
            self.__dict__["_mobile"] = crypto.decrypt(self.mobile_encrypted)
        return self.__dict__["_mobile"]

    @mobile.setter
    def mobile(self, value: str):
        value = value or ""
        self.__dict__["_mobile"] = value
        self.mobile_encrypted = crypto.encrypt(value)
        self.mobile_index = crypto.blind_index(value) if value else b""

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_national_code", None)
        self.__dict__.pop("_mobile", None)
        super().refresh_from_db(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.national_code and not national_code_is_valid(self.national_code):
            errors["national_code"] = _("This national code is not valid. Check the ten digits on the national card.")
        if self.mobile and not mobile_is_valid(self.mobile):
            errors["mobile"] = _("Enter an 11-digit mobile number starting with 09, for example 09121234567.")
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            errors["county"] = _("This county is not in the chosen province.")
        if self.user_id and self.province_id and self.user.province_id not in (None, self.province_id):
            errors["user"] = _("This user account belongs to another province.")
        if errors:
            raise ValidationError(errors)
