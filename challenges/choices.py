from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChallengeStatus(models.TextChoices):
    REPORTED = "reported", _("Awaiting triage")
    OPEN = "open", pgettext_lazy("challenge", "Open")
    MERGED = "merged", _("Merged into another")
    REJECTED = "rejected", pgettext_lazy("challenge", "Rejected")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Rating(models.IntegerChoices):
    """Impact, urgency and feasibility, from 1 to 5."""

    VERY_LOW = 1, _("1 — very low")
    LOW = 2, _("2 — low")
    MEDIUM = 3, _("3 — medium")
    HIGH = 4, _("4 — high")
    VERY_HIGH = 5, _("5 — very high")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action", "Under way")
    DONE = "done", pgettext_lazy("action", "Done")
    DROPPED = "dropped", pgettext_lazy("action", "Dropped")
