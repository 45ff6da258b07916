"""Statistics from named sources (D8): indicators, their values and the website register."""
import datetime
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import display
from core.models import SafiranModel, ScopedModel, ScopedQuerySet

from .choices import (
    ENDED_IMPORT_STATUSES,
    IndicatorScope,
    PeriodType,
    SourceKind,
    ValueImportStatus,
    VerificationStatus,
    WebsiteKind,
)

# A website not checked for this many days is flagged on the register.
STALE_AFTER_DAYS = 90


def national_or_own(queryset, user, area_field: str | None):
    """Rows with no province (national: every signed-in member of staff reads them) and rows
    of the user's own province; narrowed to the user's areas like core.scope.restrict."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if getattr(user, "has_national_scope", False):
        return queryset
    mine = Q(province__isnull=True)
    if user.province_id:
        mine |= Q(province_id=user.province_id)
    queryset = queryset.filter(mine)
    if area_field and user.is_area_restricted:
        in_areas = Q(**{f"{area_field}__in": user.scope_area_ids}) | Q(**{f"{area_field}__isnull": True})
        queryset = queryset.filter(pk__in=queryset.model._default_manager.filter(in_areas).values("pk"))
    return queryset


class NationalOrOwnQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return national_or_own(self, user, self.model.scope_area_field)


class Indicator(SafiranModel):
    """What is measured (DHIS2's data element): its unit, how often, where and what range is
    plausible. National indicators (no province) are defined by national admins and reported
    by every province; a province may define its own (provincial) ones."""

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. “Retirees covered by supplementary insurance”."))
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", help_text=_("Leave empty for an indicator across all areas."))
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. people, percent, billion rials."))
    period_type = models.CharField(_("period"), max_length=8, choices=PeriodType.choices, default=PeriodType.YEAR)
    scope = models.CharField(_("scope"), max_length=10, choices=IndicatorScope.choices, default=IndicatorScope.NATIONAL)
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", help_text=_("Only for a provincial indicator."))
    min_value = models.DecimalField(_("smallest plausible value"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("largest plausible value"), max_digits=18, decimal_places=4, null=True, blank=True)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("How it is defined and counted, so every province counts the same thing."))
    active = models.BooleanField(_("still collected"), default=True)

    objects = models.Manager.from_queryset(NationalOrOwnQuerySet)()

    scope_province_field = "province"
    scope_area_field = "area"
    search_fields = ("name", "unit", "description")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("export_indicator", _("Can export indicators"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=IndicatorScope.NATIONAL, province__isnull=True)
                | Q(scope=IndicatorScope.PROVINCIAL, province__isnull=False),
                name="indicator_scope_matches_province",
                violation_error_message=_("A national indicator has no province; a provincial one needs its province."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=models.F("max_value")),
                name="indicator_range_ordered",
                violation_error_message=_("The smallest plausible value must not be larger than the largest."),
            ),
        ]

    def __str__(self):
        return self.name

    def range_text(self) -> str:
        if self.min_value is None and self.max_value is None:
            return ""
        low = display.number(self.min_value) if self.min_value is not None else "…"
        high = display.number(self.max_value) if self.max_value is not None else "…"
        return _("%(low)s to %(high)s %(unit)s") % {"low": low, "high": high, "unit": self.unit}


MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}


def validate_scan(upload) -> None:
    """A letter's scan: PDF, JPEG or PNG (by name and by its first bytes), at most 10 MB."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SCAN_TYPES:
        raise ValidationError(_("Attach the letter as a PDF, JPG or PNG file."), code="file_type")
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan is larger than 10 MB; scan it at a lower resolution and attach it again."),
                              code="file_size")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not head.startswith(SCAN_TYPES[suffix]):
        raise ValidationError(_("This file is not really a PDF, JPG or PNG. Scan the letter again and attach that file."),
                              code="file_type")


def scan_path(instance, filename):
    """Unguessable names under a private folder; served only through the value's page."""
    return f"indicator-letters/{timezone.localdate():%Y}/{secrets.token_hex(12)}{Path(filename).suffix.lower()}"


def site_of(url: str) -> str:
    """The site a URL belongs to (its host, without www.): a website source's identity."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class IndicatorValue(SafiranModel):
    """One figure: an indicator in a place (province, optionally a county) for one Jalali
    period, from a named source — an organisation's letter or a website. A figure can be "not
    available" with a reason; it is never silently zero. The same indicator, place, period
    and source is one row: entering it again updates it (indicators.services.value_record)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values")
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("geo.County", verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", help_text=_("Leave empty for the whole province."))
    period_key = models.CharField(_("period"), max_length=8, editable=False)
    period_start = models.DateField(_("period starts"), editable=False)
    value = models.DecimalField(_("figure"), max_digits=18, decimal_places=4, null=True, blank=True)
    not_available = models.BooleanField(_("not available"), default=False,
                                        help_text=_("The source does not have this figure. Not the same as zero."))
    not_available_reason = models.TextField(_("why it is not available"), blank=True)
    comment = models.TextField(_("comment"), blank=True,
                               help_text=_("Needed when the value is outside the plausible range or far from earlier periods."))
    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.ORGANIZATION)
    organization = models.ForeignKey("partners.Organization", verbose_name=_("source organisation"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    letter_scan = models.FileField(_("scan of the letter"), upload_to=scan_path, blank=True, max_length=200)
    website = models.ForeignKey("indicators.Website", verbose_name=_("website in the register"),
                                on_delete=models.PROTECT, null=True, blank=True, related_name="values")
    url = models.URLField(_("web address"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("date retrieved"), null=True, blank=True)
    # Derived keys (set by set_keys()): the uniqueness of indicator, place, period and source.
    place_key = models.CharField(max_length=24, editable=False)
    source_key = models.CharField(max_length=260, editable=False)

    scope_province_field = "province"
    scope_area_field = "indicator__area"
    search_fields = ("indicator__name", "letter_number", "url", "organization__name", "comment")

    class Meta:
        ordering = ["-period_start", "indicator__name", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        permissions = [
            ("export_indicatorvalue", _("Can export indicator values")),
            ("import_indicatorvalue", _("Can import indicator values from Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False, not_available=False, not_available_reason="")
                | (Q(value__isnull=True, not_available=True) & ~Q(not_available_reason="")),
                name="indicatorvalue_value_or_not_available",
                violation_error_message=_("Enter the value, or tick “not available” and say why — one of the two."),
            ),
            models.CheckConstraint(
                condition=(Q(source_kind=SourceKind.ORGANIZATION, organization__isnull=False, letter_date__isnull=False,
                             website__isnull=True, url="") & ~Q(letter_number=""))
                | (Q(source_kind=SourceKind.WEBSITE, organization__isnull=True, retrieved_on__isnull=False, letter_number="",
                     letter_date__isnull=True) & ~Q(url="")),
                name="indicatorvalue_named_source",
                violation_error_message=_("Name the source: an organisation with the letter's number and date, or a "
                                          "website's address with the date it was read."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "place_key", "period_key", "source_key"], name="indicatorvalue_one_per_source",
                violation_error_message=_("This source already gave a value for this indicator, place and period."),
            ),
        ]
        indexes = [models.Index(fields=["indicator", "province", "period_start"])]

    def __str__(self):
        return f"{self.indicator} — {self.place_text} — {self.period}"

    @property
    def period(self):
        from . import periods

        return periods.from_key(self.period_key)

    @property
    def place_text(self) -> str:
        return f"{self.county}، {self.province}" if self.county_id else str(self.province)

    @property
    def source_text(self) -> str:
        if self.source_kind == SourceKind.ORGANIZATION:
            return _("%(organization)s, letter %(number)s") % {"organization": self.organization,
                                                               "number": display.digits(self.letter_number)}
        return self.website.name if self.website_id else site_of(self.url)

    @property
    def value_text(self) -> str:
        """The figure as read: «ناموجود» for not available, never an empty cell or a zero."""
        if self.not_available:
            return str(_("not available"))
        return f"{display.number(self.value.normalize() if self.value is not None else None)} {self.indicator.unit}"

    def set_keys(self) -> None:
        self.place_key = f"{self.province_id}/{self.county_id or 0}"
        if self.source_kind == SourceKind.ORGANIZATION:
            self.source_key = f"org:{self.organization_id}"
        else:
            self.source_key = f"web:{site_of(self.url)}"[:260]

    def clean(self):
        errors = {}
        if self.county_id and self.province_id and self.county.province_id != self.province_id:
            errors["county"] = _("This county is not in the chosen province.")
        if self.indicator_id and self.province_id and self.indicator.province_id not in (None, self.province_id):
            errors["indicator"] = _("This provincial indicator belongs to another province.")
        if self.website_id and self.url and site_of(self.website.url) != site_of(self.url):
            errors["website"] = _("The address is not on this website; choose the right website or none.")
        if errors:
            raise ValidationError(errors)
        self.set_keys()


class Website(SafiranModel):
    """The website register (D8): official and partner sites and social channels, per province
    (or national) and area, with what each publishes and when someone last checked it."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("web address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=WebsiteKind.choices, default=WebsiteKind.OFFICIAL)
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", help_text=_("Leave empty for a national website."))
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+",
                                   help_text=_("Leave empty if it covers all areas."))
    owner = models.ForeignKey("partners.Organization", verbose_name=_("owner organisation"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+")
    publishes = models.TextField(_("what it publishes"), help_text=_("e.g. yearly statistics of the province, news of courses."))
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, editable=False, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    objects = models.Manager.from_queryset(NationalOrOwnQuerySet)()

    scope_province_field = "province"
    scope_area_field = "areas"
    search_fields = ("name", "url", "publishes", "notes")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("website")
        verbose_name_plural = _("websites")
        permissions = [
            ("check_website", _("Can mark websites as checked")),
            ("export_website", _("Can export websites")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.owner_id and self.province_id and self.owner.province_id != self.province_id:
            raise ValidationError({"owner": _("Choose an organisation of the website's province.")})

    @property
    def is_stale(self) -> bool:
        """Not checked in the last 90 days (or never)."""
        return self.last_checked_on is None or self.last_checked_on < stale_before()


def stale_before(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=STALE_AFTER_DAYS)


def value_import_path(instance, filename):
    """Under the private media folder (never served; var/media is not public), unguessable."""
    return f"indicator-imports/{timezone.localdate():%Y}/{secrets.token_hex(12)}.xlsx"


class ValueImport(SafiranModel):
    """One Excel import of indicator values, run by the task worker: queued → running → done
    (with counts and the rejected rows, each with its line and reason) or failed (with the
    reason, in Persian) — or cancelled by a person while it waits or runs. Its rows are written
    in one transaction together with "done", so a killed, failed or cancelled run leaves nothing
    half-written (indicators.tasks)."""

    file = models.FileField(_("file"), upload_to=value_import_path, blank=True, max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    # The uploader's province (empty for a national admin's import): who else may follow it.
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ValueImportStatus.choices,
                              default=ValueImportStatus.QUEUED, editable=False)
    created_rows = models.PositiveIntegerField(_("new values saved"), default=0, editable=False)
    updated_rows = models.PositiveIntegerField(_("values updated"), default=0, editable=False)
    unchanged_rows = models.PositiveIntegerField(_("already recorded, unchanged"), default=0, editable=False)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0, editable=False)
    # The file's column names and its rejected rows [{"line", "reason", "values"}], bounded.
    header = models.JSONField(default=list, blank=True, editable=False)
    rejects = models.JSONField(default=list, blank=True, editable=False)
    error = models.TextField(_("why it failed"), blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    # The worker running it (core.leases): an import whose worker died is run again.
    lease_owner = models.CharField(max_length=100, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    interrupted_runs = models.PositiveSmallIntegerField(default=0, editable=False)
    # Asked of a running import (services.valueimport_cancel): the worker rolls its rows back
    # and ends it cancelled.
    cancel_requested = models.BooleanField(_("cancel requested"), default=False, editable=False)

    scope_province_field = "province"
    search_fields = ("original_name",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of indicator values")
        verbose_name_plural = _("imports of indicator values")
        # change: cancel it (the roster's import is cancelled with its change permission too).
        default_permissions = ("view", "add", "change")

    def __str__(self):
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in ENDED_IMPORT_STATUSES


class PeriodVerification(SafiranModel):
    """DHIS2-style data approval: a province's values of one period (a month, season or year,
    every indicator of that period type) checked and marked verified by the provincial manager.
    Values entered by ambassadors and coordinators are "entered" until then; once verified they
    cannot be changed, and no value can be added for that province and period, until someone
    with that authority reopens it with a reason (audited); it is then verified again."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("period"), max_length=8, editable=False)
    period_start = models.DateField(_("period starts"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=VerificationStatus.choices,
                              default=VerificationStatus.VERIFIED, editable=False)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, editable=False, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, editable=False, related_name="+")
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True, editable=False)
    reopen_reason = models.TextField(_("why it was reopened"), blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, help_text=_("What was checked, e.g. against which letters."))

    scope_province_field = "province"
    search_fields = ("period_key", "note", "reopen_reason")

    class Meta:
        ordering = ["-period_start", "province__name", "pk"]
        verbose_name = _("verification of a period's values")
        verbose_name_plural = _("verifications of values")
        # "change" only reaches the edit guard, which always refuses (reopen, then verify again).
        permissions = [
            ("verify_periodverification", _("Can verify a province's values of a period")),
            ("reopen_periodverification", _("Can reopen verified values")),
        ]
        constraints = [models.UniqueConstraint(fields=["province", "period_key"], name="periodverification_one_per_period",
                                               violation_error_message=_("This period is already verified."))]

    def __str__(self):
        return f"{self.period.label} — {self.province}"

    @property
    def period(self):
        from . import periods

        return periods.from_key(self.period_key)

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED


def verified_periods(pairs) -> set[tuple[int, str]]:
    """Of the (province id, period key) pairs given, those whose values are verified."""
    pairs = set(pairs)
    if not pairs:
        return set()
    found = PeriodVerification.objects.filter(
        status=VerificationStatus.VERIFIED, province_id__in={province for province, _key in pairs},
        period_key__in={key for _province, key in pairs}).values_list("province_id", "period_key")
    return set(found) & pairs


def default_entry_days() -> int:
    """What the settings row starts with: INDICATOR_ENTRY_CLOSES_AFTER_DAYS (15 unless the deployment says)."""
    return settings.INDICATOR_ENTRY_CLOSES_AFTER_DAYS


class IndicatorSettings(ScopedModel):
    """National settings of the statistics module (one row, changed by national admins).

    `entry_closes_after_days` is DHIS2's "expiry days" of a data set: values of a period may be
    added or changed until the end of that many days after the period ends (in Tehran time);
    then only an extension for one province reopens it (EntryExtension)."""

    entry_closes_after_days = models.PositiveSmallIntegerField(
        _("entry closes after (days)"),
        default=default_entry_days,
        validators=[MaxValueValidator(366)],
        help_text=_("Values of a month, season or year can be entered or changed until this many days after it ends; "
                    "then the provincial manager or a national admin must reopen entry for a province. 0 = entry "
                    "never closes."),
    )

    scope_province_field = None

    class Meta:
        verbose_name = _("statistics settings")
        verbose_name_plural = _("statistics settings")
        default_permissions = ("view", "change")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "IndicatorSettings":
        return cls.objects.get_or_create(pk=1)[0]


class EntryExtension(SafiranModel):
    """Entry of a province's values of one period, reopened after it closed (DHIS2's lock
    exception, but for a limited time): until the end of `open_until` (Tehran time) values of
    that province and period may be added and changed again. Granted with a reason by whoever
    may reopen verified values (the provincial manager, national admins); audited."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("period"), max_length=8, editable=False)
    period_start = models.DateField(_("period starts"), editable=False)
    open_until = models.DateField(_("open until"), help_text=_("Entry closes again at the end of this day."))
    reason = models.TextField(_("why it is reopened"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, editable=False, related_name="+")
    granted_at = models.DateTimeField(_("reopened at"), null=True, blank=True, editable=False)

    scope_province_field = "province"
    search_fields = ("period_key", "reason")

    class Meta:
        ordering = ["-period_start", "province__name", "pk"]
        verbose_name = _("reopened entry")
        verbose_name_plural = _("reopened entries")
        permissions = [("extend_entryextension", _("Can change until when entry stays reopened"))]
        constraints = [models.UniqueConstraint(fields=["province", "period_key"], name="entryextension_one_per_period",
                                               violation_error_message=_("Entry of this period is already reopened for "
                                                                         "this province; change its end instead."))]

    def __str__(self):
        return f"{self.period.label} — {self.province}"

    @property
    def period(self):
        from . import periods

        return periods.from_key(self.period_key)
