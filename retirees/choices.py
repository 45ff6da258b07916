from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import EducationLevel


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


# Statuses after which an import no longer changes.
FINISHED_IMPORT_STATUSES = {ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED}


class ChildRelation(models.TextChoices):
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")


class Dimension(models.TextChoices):
    """What the demographics explorer can break the roster down by."""

    PROVINCE = "province", _("province")
    COUNTY = "county", _("county")
    GENDER = "gender", _("gender")
    AGE = "age_band", _("age group")
    EDUCATION = "education", _("education")
    FIELD = "field_of_study", _("field of study")
    SPECIALTY = "specialty", _("specialty")
    AGENCY = "agency", _("former agency")
    RETIRED_FOR = "retirement_band", _("years since retirement")


# Education levels as rosters hold them: the one list of core.choices (retirees, children and
# ambassadors alike); the EducationAlias table (retirees/education.py) maps their spellings and codes.
RosterEducation = EducationLevel
