from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodType(models.TextChoices):
    MONTH = "month", _("Jalali month")
    QUARTER = "quarter", _("Jalali quarter (season)")
    YEAR = "year", _("Jalali year")


class IndicatorScope(models.TextChoices):
    NATIONAL = "national", _("National: every province reports it")
    PROVINCIAL = "provincial", _("Provincial: one province's own")


class SourceKind(models.TextChoices):
    ORGANIZATION = "organization", _("An organisation's letter")
    WEBSITE = "website", _("A website")


class WebsiteKind(models.TextChoices):
    OFFICIAL = "official", _("Official site")
    PARTNER = "partner", _("Partner site")
    SOCIAL = "social", _("Social-media channel")


class ValueImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")
    # Cancelled by a person while it waited or ran (services.valueimport_cancel): nothing written.
    CANCELLED = "cancelled", pgettext_lazy("value import status", "Cancelled")


# An import in one of these has ended: it has its end time, no lease, no pending cancel.
ENDED_IMPORT_STATUSES = {ValueImportStatus.DONE, ValueImportStatus.FAILED, ValueImportStatus.CANCELLED}


class VerificationStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    REOPENED = "reopened", _("Reopened for corrections")
