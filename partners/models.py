from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel, ScopedQuerySet
from core.normalize import search_key
from core.search import search_expression
from core.validators import validate_mobile

from .choices import ContactRole, InteractionKind, MediaKind, OrganizationKind

DIGITS_ONLY = r"^[0-9]{3,15}$"


class PhoneNumberField(models.CharField):
    """A phone number kept as ASCII digits and shown with Persian ones (core.display)."""

    ascii_digits = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 15)
        super().__init__(*args, **kwargs)


class OrganizationQuerySet(ScopedQuerySet):
    def same_name(self, name: str):
        """Organisations whose name is the same once ی/ي, ک/ك, spaces and half-spaces are ignored."""
        return self.alias(_name_key=search_expression("name")).filter(_name_key=search_key(name))


class Organization(SafiranModel):
    """A body the programme works with (D1, D4, D7, D8, D9): one model, typed by `kind`."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=OrganizationKind.choices)
    media_kind = models.CharField(
        _("media type"), max_length=16, choices=MediaKind.choices, blank=True, help_text=_("Only for media outlets.")
    )
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "geo.County", verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    areas = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("areas served"),
        blank=True,
        related_name="organizations",
        help_text=_("Leave empty if it works across all areas."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = models.Manager.from_queryset(OrganizationQuerySet)()

    scope_province_field = "province"
    scope_area_field = "areas"
    search_fields = ("name", "address", "phone", "notes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("export_organization", _("Can export organisations"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.MEDIA_OUTLET, media_kind__gt="")
                | (~Q(kind=OrganizationKind.MEDIA_OUTLET) & Q(media_kind="")),
                name="organization_media_kind_for_media_outlets",
                violation_error_message=_("Choose a media type for a media outlet, and only for a media outlet."),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=DIGITS_ONLY),
                name="organization_phone_digits",
                violation_error_message=_("The phone number must be digits only."),
            ),
        ]
        indexes = [models.Index(fields=["province", "kind"])]

    # What __str__ is made of, in order: a long choice list of these is searched in the database
    # (core.remote_choices).
    label_fields = ("name",)

    def __str__(self):
        return self.name

    def clean(self):
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            raise ValidationError({"county": _("This county is not in the chosen province.")})


class Contact(SafiranModel):
    """A person at an organisation: board members of associations, the office's managers (D1), …"""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    role = models.CharField(_("role"), max_length=16, choices=ContactRole.choices, default=ContactRole.OTHER)
    position = models.CharField(_("position"), max_length=200, blank=True, help_text=_("Their title, as on a letter."))
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    scope_province_field = "organization__province"
    scope_area_field = "organization__areas"
    search_fields = ("first_name", "last_name", "position", "organization__name")

    class Meta:
        ordering = ["organization__name", "last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [
            ("export_contact", _("Can export contacts")),
            ("view_personal_contact", _("Can see contacts' mobile, phone and email")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_start__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="contact_term_ends_after_it_starts",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=r"^09[0-9]{9}$"),
                name="contact_mobile_format",
                violation_error_message=_("The mobile number must be 11 digits starting with 09."),
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=DIGITS_ONLY),
                name="contact_phone_digits",
                violation_error_message=_("The phone number must be digits only."),
            ),
        ]

    label_fields = ("first_name", "last_name")  # as for organisations

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.term_start is None or self.term_start <= today) and (self.term_end is None or self.term_end >= today)


class Interaction(SafiranModel):
    """A lighter contact with an organisation (a call, a letter, …), logged without approval."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("What was said or agreed."))
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("people at the organisation"), blank=True, related_name="interactions"
    )
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+")

    scope_province_field = "organization__province"
    scope_area_field = "areas"
    search_fields = ("subject", "summary", "organization__name")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        permissions = [("export_interaction", _("Can export interactions"))]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
