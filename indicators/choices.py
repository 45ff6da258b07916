from django.db import models
from django.utils.translation import gettext_lazy as _


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


class VerificationStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    REOPENED = "reopened", _("Reopened for corrections")
