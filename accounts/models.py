import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import ScopedQuerySet
from core.roles import AREA_RESTRICTED_ROLES, ASSIGNABLE_ROLES, ROLES_REQUIRING_OTP, Role

from .choices import MoneyUnit, TextSize


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. Retirees in the roster are records, not users."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.AMBASSADOR)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    areas = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("areas"),
        blank=True,
        related_name="users",
        help_text=_("Leave empty to work in every area of the province."),
    )
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    money_unit = models.CharField(_("show money in"), max_length=8, choices=MoneyUnit.choices, default=MoneyUnit.TOMAN)
    text_size = models.CharField(_("text size"), max_length=3, choices=TextSize.choices, default=TextSize.NORMAL)

    objects = ScopedUserManager()

    scope_province_field = "province"
    scope_area_field = None

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.NATIONAL_ADMIN) | Q(is_superuser=True) | Q(province__isnull=False),
                name="user_province_required_below_national",
                violation_error_message=_("Every role except national admin needs a province."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def url_name(cls, action: str) -> str:
        return f"accounts:user_{action}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def has_national_scope(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN or self.is_superuser

    @property
    def requires_otp(self) -> bool:
        return self.role in ROLES_REQUIRING_OTP or self.is_superuser

    @cached_property
    def scope_area_ids(self) -> list[int]:
        return list(self.areas.values_list("pk", flat=True)) if self.pk else []

    @property
    def is_area_restricted(self) -> bool:
        return self.role in AREA_RESTRICTED_ROLES and bool(self.scope_area_ids)

    @property
    def assignable_roles(self) -> list[str]:
        if self.is_superuser:
            return list(Role)
        return ASSIGNABLE_ROLES.get(self.role, [])


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once."""

    PREFIX = "sfr_"

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple["ApiToken", str]:
        """Create a token; returns the row and the clear token, which is not stored."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), hint=key[:8], expires_at=expires_at)
        return token, key

    @classmethod
    def authenticate(cls, key: str):
        """The user owning an active token, or None. Records the last use (at most once a minute)."""
        token = cls.objects.active().select_related("user").filter(key_hash=cls.hash_key(key)).first()
        if token is None:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token
