"""The pension fund's roster of retirees (بازنشستگان), its imports and its pre-aggregated summary."""
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.choices import EducationLevel, Gender
from core.models import SafiranModel, ScopedModel, ScopedQuerySet
from core.normalize import search_key

from . import crypto
from .choices import ChildRelation, ImportStatus, RosterEducation


class Agency(SafiranModel):
    """A government body; the managed list of retirees' former employers (دستگاه)."""

    name = models.CharField(_("name"), max_length=150)
    # search_key(name): imports match agencies whatever their spelling of ی/ک, spaces or half-spaces.
    key = models.CharField(_("matching key"), max_length=150, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    scope_province_field = None  # national reference data
    search_fields = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        permissions = [("export_agency", _("Can export agencies"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(key=""), name="agency_key_not_empty", violation_error_message=_("Enter the agency's name.")
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Imports match agencies on this key, so two spellings of one name are one agency.
        self.key = search_key(self.name)
        if self.key and Agency.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("This agency is already in the list (spelling aside).")})


def random_record_key() -> int:
    """A retiree's record key for the cell-key method (retirees/perturbation.py)."""
    return secrets.randbelow(256)


class RetireeQuerySet(ScopedQuerySet):
    def with_national_code(self, code: str):
        return self.filter(national_code_index__in=crypto.blind_indexes(code))


class Retiree(ScopedModel):
    """One retired civil servant in the fund's roster (a record, not a user).

    National code and mobile are stored encrypted (`crypto`); `national_code_index` is their
    keyed blind index for exact lookup and uniqueness. Rows are written by the importer
    (`importer.py`), in bulk; people change only the consents, through `services`.
    """

    national_code_encrypted = models.BinaryField(_("national code (encrypted)"), editable=False)
    # One byte naming the data key, then the 16-byte keyed digest (crypto.blind_index).
    national_code_index = models.BinaryField(_("national code index"), max_length=17, editable=False)
    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True)
    # Few indexes on purpose: each one slows the bulk import (docs/modules/retirees.md); the
    # composite (province, county) index serves both, and deleting an agency or import is rare.
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    county = models.ForeignKey(
        "geo.County", verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        db_index=False,
    )
    education = models.CharField(_("education"), max_length=16, choices=RosterEducation.choices, blank=True)
    field_of_study = models.CharField(_("field of study"), max_length=120, blank=True)
    specialty = models.CharField(_("specialty / last job title"), max_length=120, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("former agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="retirees",
        db_index=False,
    )
    mobile_encrypted = models.BinaryField(_("mobile (encrypted)"), blank=True, default=b"", editable=False)
    consent_contact = models.BooleanField(_("consents to be contacted"), default=False)
    consent_children = models.BooleanField(_("consents to recording children"), default=False)
    # A random number 0–255 given when the person first enters the roster and never changed:
    # the cell-key method's record key (retirees/perturbation.py). Not personal data.
    record_key = models.PositiveSmallIntegerField(default=random_record_key, editable=False)
    # Folded text (core.normalize.search_key) for talent search, written with the row.
    field_key = models.CharField(max_length=120, blank=True, editable=False)
    specialty_key = models.CharField(max_length=120, blank=True, editable=False)
    source_import = models.ForeignKey(
        "RosterImport", verbose_name=_("source import"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False, db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = models.Manager.from_queryset(RetireeQuerySet)()

    scope_province_field = "province"
    search_fields = ("first_name", "last_name", "field_of_study", "specialty")
    # A whole national code, typed by a role that may see it, is found through its blind index.
    personal_search = {"national_code": ("retirees.view_personal_retiree", "with_national_code")}

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("retiree")
        verbose_name_plural = _("retirees")
        permissions = [
            ("view_personal_retiree", _("Can reveal retirees' national codes and mobiles")),
            ("export_personal_retiree", _("Can export the roster with personal data")),
            ("import_retiree", _("Can import the roster")),
            ("view_demographics_retiree", _("Can explore the roster's demographics")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_code_index"],
                name="retiree_unique_national_code",
                violation_error_message=_("A retiree with this national code is already in the roster."),
            ),
            models.CheckConstraint(
                condition=Q(retirement_date__isnull=True) | Q(retirement_date__gt=models.F("birth_date")),
                name="retiree_retired_after_birth",
                violation_error_message=_("The retirement date must come after the birth date."),
            ),
        ]
        indexes = [
            models.Index(fields=["province", "county"]),
            # The list's order within a province: a page reads 25 rows off the index instead of
            # sorting a province's tens of thousands (issue 14). Two more indexes for the import
            # to keep up (measured: docs/operations.md#what-a-page-costs-and-why-it-stays-cheap).
            models.Index(fields=["province", "last_name", "first_name"], name="retiree_province_name"),
            models.Index(fields=["last_name", "first_name"], name="retiree_name"),  # national admins' list
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @cached_property
    def national_code(self) -> str:
        return crypto.decrypt(self.national_code_encrypted)

    @cached_property
    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_encrypted)

    @property
    def age(self) -> int | None:
        from django.utils import timezone

        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class Child(SafiranModel):
    """A retiree's son or daughter, recorded only when the retiree's consent is on record."""

    retiree = models.ForeignKey(Retiree, verbose_name=_("retiree"), on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("first name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64)
    relation = models.CharField(_("relation"), max_length=10, choices=ChildRelation.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year (Jalali)"), validators=[MinValueValidator(1300), MaxValueValidator(1420)]
    )
    education = models.CharField(_("education"), max_length=16, choices=EducationLevel.choices, blank=True)
    field_of_study = models.CharField(_("field of study"), max_length=120, blank=True)
    mobile_encrypted = models.BinaryField(_("mobile (encrypted)"), blank=True, default=b"", editable=False)
    consent_contact = models.BooleanField(
        _("consents to be contacted"), default=False, help_text=_("The son or daughter agrees to be contacted by the programme.")
    )
    field_key = models.CharField(max_length=120, blank=True, editable=False)

    scope_province_field = "retiree__province"
    search_fields = ("first_name", "last_name", "field_of_study")

    class Meta:
        ordering = ["retiree", "birth_year"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1300) & Q(birth_year__lte=1420),
                name="child_birth_year_jalali",
                violation_error_message=_("Enter the birth year in the Jalali calendar, for example 1365."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @cached_property
    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_encrypted)

    def set_mobile(self, value: str) -> None:
        """Personal data is stored encrypted, never in clear."""
        self.mobile_encrypted = crypto.encrypt(value or "")
        self.__dict__["mobile"] = value or ""

    def clean(self):
        self.field_key = search_key(self.field_of_study)
        if self.retiree_id and not self.retiree.consent_children:
            # A form-wide error: the retiree is fixed by the page, not chosen in a field.
            raise ValidationError(_("Record the retiree's consent to recording children first (on the retiree's page)."))


def rejects_path(instance, filename):
    return f"roster-imports/{instance.pk}/{filename}"


class RosterImport(SafiranModel):
    """One import of a roster file: its column mapping, progress and rejected rows."""

    file = models.FileField(_("file"), upload_to=rejects_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Rows must belong to this province; empty for a national roster."),
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    headers = models.JSONField(_("columns in the file"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.MAPPING)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    saved_rows = models.PositiveIntegerField(_("rows saved"), default=0)
    changed_rows = models.PositiveIntegerField(_("rows new or changed"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    warned_rows = models.PositiveIntegerField(_("people saved with warnings"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows of other provinces skipped"), default=0)
    # {"rejected": {reason: rows}, "warned": {reason: rows}}: the summary at the top of the result.
    reasons = models.JSONField(_("counts by reason"), default=dict, blank=True, editable=False)
    # Values no reference name matched, for a national admin to map once:
    # [{"field": "county", "province": id, "value": text, "rows": n}, …]
    unknown_values = models.JSONField(_("unrecognised values"), default=list, blank=True, editable=False)
    rejects_file = models.FileField(_("rejected rows"), upload_to=rejects_path, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The worker running it (host:pid) and until when that holds without news (core.leases):
    # renewed with every chunk, so an import whose worker was killed is found and run again.
    lease_owner = models.CharField(max_length=100, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Runs cut short by a dead worker since the last start (SAFIRAN_IMPORT_RESUMES caps the re-runs).
    interrupted_runs = models.PositiveSmallIntegerField(default=0, editable=False)

    scope_province_field = "province"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        # Held by national admins only (they hold every permission): a mapping serves every province.
        permissions = [("map_values_rosterimport", _("Can map unrecognised values for every import"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(saved_rows__lte=models.F("processed_rows")) & Q(rejected_rows__lte=models.F("processed_rows")),
                name="rosterimport_counts_consistent",
                violation_error_message=_("Saved and rejected rows cannot exceed the rows read."),
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if self.status in (ImportStatus.MAPPING, ImportStatus.QUEUED) or not self.total_rows:
            return 0
        return min(99, int(100 * self.processed_rows / self.total_rows))

    # `error` holding a refusal meant for the uploader (not an internal error) starts with this.
    REFUSED = "refused: "

    @property
    def refusal(self) -> str:
        return self.error[len(self.REFUSED):] if self.error.startswith(self.REFUSED) else ""

    @property
    def finished(self) -> bool:
        from .choices import FINISHED_IMPORT_STATUSES

        return self.status in FINISHED_IMPORT_STATUSES

    @property
    def reason_sentences(self) -> dict[str, list[str]]:
        """Counts by reason in plain words: {"rejected": […], "warned": […]}."""
        from .importer import reason_summary

        return reason_summary(self)


class EducationAlias(ScopedModel):
    """A value rosters write for an education level: a spelling («بی‌سواد», «سیکل», «فوق لیسانس»),
    a numeric code of a named code list, or a value a national admin mapped once on an import's
    page. Loaded from retirees/data/education_levels.json (with its source); matched by `key`
    (`education_key`: spaces, half-spaces, Arabic letters and hamza forms alike). Codes are
    read only under the code list chosen in the roster settings (RosterSettings.education_codes)."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("spelling as rosters write it")
        CODE = "code", _("code of a code list")
        MAPPED = "mapped", _("mapped by a national admin")

    name = models.CharField(_("value as written"), max_length=64)
    key = models.CharField(_("matching key"), max_length=64, editable=False)
    level = models.CharField(_("education level"), max_length=16, choices=RosterEducation.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # For codes: the code list they belong to (a key of "code_lists" in the data file); empty
    # for spellings and mapped values, which are read whatever the list.
    code_list = models.CharField(_("code list"), max_length=16, blank=True)
    note = models.CharField(_("source or reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("mapped by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_province_field = None  # national reference data

    class Meta:
        ordering = ["code_list", "level", "name"]
        verbose_name = _("education alias")
        verbose_name_plural = _("education aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["code_list", "key"],
                name="educationalias_unique_key_in_list",
                violation_error_message=_("This value is already mapped to an education level."),
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.get_level_display()}"


def education_key(value) -> str:
    """What education values are compared by: the place-name folding (geo.matching.place_key),
    so «بی سواد», «بی‌سواد», «بيسواد» and «فوق ليسانس» / «فوق‌لیسانس» meet."""
    from geo.matching import place_key

    return place_key(value)[:EducationAlias._meta.get_field("key").max_length]


class RosterSettings(ScopedModel):
    """National settings of the roster's demographics (one row, edited by national admins)."""

    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest count shown"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_("Counts below this are hidden in demographic tables, with further cells hidden to protect them."),
    )
    age_bands = models.CharField(
        _("age group limits"),
        max_length=100,
        default="50,55,60,65,70,75,80",
        help_text=_("Ages where a new group starts, separated by commas, for example 50,55,60,65,70."),
    )
    retirement_bands = models.CharField(
        _("years-since-retirement limits"),
        max_length=100,
        default="5,10,15,20,25",
        help_text=_("Years where a new group starts, separated by commas, for example 5,10,15,20."),
    )
    perturbation = models.CharField(
        _("perturbation table"),
        max_length=8,
        default="d2",
        choices=[("d2", _("Standard: every count moves by at most 2")), ("d3", _("Stronger: every count moves by at most 3"))],
        help_text=_("How much counts are moved so that subtracting one table from another reveals nothing exact "
                    "(docs/modules/retirees.md explains the choice)."),
    )
    education_codes = models.CharField(
        _("education code list"),
        max_length=16,
        blank=True,
        default="",
        choices=[("", _("None: numbers in the education column are not read (a national admin maps each once)")),
                 ("hr7", _("Seven steps: 1 no schooling, 2 primary, 3 middle school, 4 diploma, 5 associate, "
                           "6 bachelor, 7 master's and above"))],
        help_text=_("Which list the numbers in roster files' education column follow. Choose a list only after "
                    "checking the file's own legend; otherwise leave None and map each number once on the import's page."),
    )
    summary_refreshed_at = models.DateTimeField(_("summary refreshed at"), null=True, blank=True, editable=False)
    summary_as_of = models.DateField(_("ages counted on"), null=True, blank=True, editable=False)

    scope_province_field = None

    class Meta:
        verbose_name = _("roster settings")
        verbose_name_plural = _("roster settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=2),
                name="rostersettings_threshold_at_least_two",
                violation_error_message=_("The smallest count shown must be at least 2."),
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "RosterSettings":
        return cls.objects.get_or_create(pk=1)[0]

    @staticmethod
    def parse_limits(text: str) -> list[int]:
        from core.normalize import normalize_digits

        parts = [part for part in normalize_digits(text.replace("،", ",")).split(",") if part]
        if not parts or not all(part.isascii() and part.isdigit() for part in parts):
            raise ValueError(text)
        limits = [int(part) for part in parts]
        if limits != sorted(set(limits)) or limits[0] <= 0:
            raise ValueError(text)
        return limits

    def get_age_limits(self) -> list[int]:
        return self.parse_limits(self.age_bands)

    def get_retirement_limits(self) -> list[int]:
        return self.parse_limits(self.retirement_bands)

    def clean(self):
        errors = {}
        for name in ("age_bands", "retirement_bands"):
            try:
                self.parse_limits(getattr(self, name))
            except ValueError:
                errors[name] = _("Enter increasing whole numbers separated by commas, for example 50,55,60.")
        if errors:
            raise ValidationError(errors)


class DemographicCell(ScopedModel):
    """Pre-aggregated counts of the roster (refreshed after each import), one row per group.

    `grain` names which dimensions a row groups by (demographics.GRAINS); the others are empty.
    """

    grain = models.PositiveSmallIntegerField()
    province = models.ForeignKey("geo.Province", on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey("geo.County", on_delete=models.CASCADE, null=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, related_name="+")
    gender = models.CharField(max_length=8, blank=True)
    age_band = models.SmallIntegerField(null=True)
    retirement_band = models.SmallIntegerField(null=True)
    education = models.CharField(max_length=16, blank=True)
    field_of_study = models.CharField(max_length=120, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField()
    # Sum of the group's record keys: a cell's key is the sum modulo 256, and sums add up
    # across summary rows like counts do (retirees/perturbation.py).
    key_sum = models.BigIntegerField(default=0)

    scope_province_field = "province"

    class Meta:
        indexes = [models.Index(fields=["grain", "province"])]

    def __str__(self):
        return f"{self.grain}:{self.province_id}:{self.count}"
