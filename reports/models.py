import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.models import SafiranModel

from .choices import FROZEN, ReportStatus, SuggestionStatus


def snapshot_hash(snapshot) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MonthlyReport(SafiranModel):
    """A province's report for one Jalali month (D11), compiled from what every module logged
    (core.registry monthly sections). Figures are live while it is a draft and frozen, with
    their hash, from submission on. Reopening an accepted report makes a new version; the old
    one stays as it was. `status` changes only through reports.services."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    jalali_year = models.PositiveSmallIntegerField(_("year"))
    jalali_month = models.PositiveSmallIntegerField(_("month"))
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self", verbose_name=_("previous version"), on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="next_version",
    )
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              editable=False)
    due_on = models.DateField(_("due on"), editable=False)
    narrative = models.TextField(
        _("narrative"), blank=True,
        help_text=_("What happened this month, what went well, what did not, and why."),
    )
    no_activity_statement = models.TextField(
        _("no activity statement"), blank=True,
        help_text=_("Needed only when nothing was logged this month: say so, and why."),
    )
    snapshot = models.JSONField(_("frozen figures"), null=True, blank=True, editable=False)
    snapshot_hash = models.CharField(_("SHA-256 of the frozen figures"), max_length=64, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    return_reason = models.TextField(_("why it was returned"), blank=True, editable=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True, editable=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("returned by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)
    reopen_reason = models.TextField(_("why it was reopened"), blank=True, editable=False)

    scope_province_field = "province"
    search_fields = ("narrative", "province__name")

    class Meta:
        ordering = ["-jalali_year", "-jalali_month", "province__code", "-version"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        permissions = [
            ("submit_monthlyreport", _("Can submit monthly reports")),
            ("review_monthlyreport", _("Can return or accept monthly reports")),
            ("lock_monthlyreport", _("Can lock accepted monthly reports")),
            ("reopen_monthlyreport", _("Can reopen accepted monthly reports")),
            ("export_monthlyreport", _("Can export monthly reports")),
            ("view_national_picture", _("Can see the national picture")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "jalali_year", "jalali_month", "version"], name="monthlyreport_one_per_month",
                violation_error_message=_("This province already has a report for that month: open it instead."),
            ),
            models.CheckConstraint(
                condition=Q(jalali_month__gte=1, jalali_month__lte=12), name="monthlyreport_month_1_12",
                violation_error_message=_("A Jalali month is between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=FROZEN) | (Q(snapshot__isnull=False) & ~Q(snapshot_hash="")
                                                   & Q(first_submitted_at__isnull=False)),
                name="monthlyreport_frozen_has_snapshot",
                violation_error_message=_("A submitted report keeps its frozen figures and their hash."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_by__isnull=True) | Q(submitted_by__isnull=True) | ~Q(accepted_by=F("submitted_by")),
                name="monthlyreport_not_accepted_by_author",
                violation_error_message=_("A report is accepted by someone other than the person who submitted it."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.RETURNED) | ~Q(return_reason=""),
                name="monthlyreport_returned_has_reason",
                violation_error_message=_("A returned report says why."),
            ),
        ]
        indexes = [models.Index(fields=["jalali_year", "jalali_month", "province"])]

    def __str__(self):
        text = _("Monthly report of %(province)s, %(month)s") % {
            "province": self.province, "month": jalali.format_month(self.jalali_year, self.jalali_month)}
        if self.version > 1:
            text += " " + str(_("(version %(version)s)") % {"version": jalali.to_persian_digits(str(self.version))})
        return text

    @property
    def period(self) -> str:
        return jalali.month_key(self.jalali_year, self.jalali_month)

    @property
    def month_label(self) -> str:
        return jalali.format_month(self.jalali_year, self.jalali_month)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN

    @property
    def snapshot_intact(self) -> bool:
        """The frozen figures still hash to what was recorded at submission."""
        return self.snapshot is not None and snapshot_hash(self.snapshot) == self.snapshot_hash

    @property
    def is_latest(self) -> bool:
        return not MonthlyReport.objects.filter(previous=self).exists()

    def set_due_on(self) -> None:
        from .deadlines import due_date

        self.due_on = due_date(self.jalali_year, self.jalali_month)

    def clean(self):
        if self.jalali_month and not 1 <= self.jalali_month <= 12:
            raise ValidationError({"jalali_month": _("A Jalali month is between 1 and 12.")})
        if self.jalali_year and not 1390 <= self.jalali_year <= 1500:
            raise ValidationError({"jalali_year": _("Give the Jalali year, e.g. 1405.")})
        if self.jalali_year and self.jalali_month:
            self.set_due_on()


class Suggestion(SafiranModel):
    """A corrective suggestion made in a monthly report: what should change, who should do it,
    by when; its status is followed in the months after (the next report lists it)."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("monthly report"), on_delete=models.PROTECT,
                               related_name="suggestions")
    what = models.TextField(_("what should change"))
    to_whom = models.CharField(_("to whom"), max_length=200, help_text=_("Who should act on it: a person or a body."))
    due_date = models.DateField(_("by when"))
    status = models.CharField(_("status"), max_length=12, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.OPEN, editable=False)
    status_note = models.TextField(_("latest progress"), blank=True, editable=False)

    scope_province_field = "report__province"
    search_fields = ("what", "to_whom")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("corrective suggestion")
        verbose_name_plural = _("corrective suggestions")
        permissions = [("progress_suggestion", _("Can record progress on corrective suggestions"))]

    def __str__(self):
        text = " ".join(self.what.split())
        return text if len(text) <= 80 else text[:79] + "…"
