from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (figures live)")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("monthly report", "Accepted")
    LOCKED = "locked", _("Locked")


# Statuses whose figures are frozen in the snapshot.
FROZEN = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.ACCEPTED, ReportStatus.LOCKED)
# Statuses in which the coordinator still writes the report.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Waiting for the provincial manager.
IN_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("suggestion", "Done")
    DROPPED = "dropped", _("Dropped")


class Timeliness(models.TextChoices):
    """A cell of the timeliness grid (province × Jalali month)."""

    NOT_EXPECTED = "not_expected", _("Not expected (no coordinator)")
    NOT_DUE = "not_due", _("Not due yet")
    OPEN = "open", _("Open, before the deadline")
    MISSING = "missing", _("Missing")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", pgettext_lazy("monthly report", "Accepted")
