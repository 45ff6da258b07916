from django.db import models
from django.utils.translation import gettext_lazy as _


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


class RosterEducation(models.TextChoices):
    """Education levels as rosters hold them (retirees/data/education_levels.json maps their
    spellings and codes): the school ladder below the diploma in its steps, and seminary
    education apart. `below_diploma` stays for rows imported before the finer steps."""

    ILLITERATE = "illiterate", _("No schooling")
    LITERACY = "literacy", _("Literacy movement")
    PRIMARY = "primary", _("Primary school")
    MIDDLE_SCHOOL = "middle_school", _("Middle school")
    BELOW_DIPLOMA = "below_diploma", _("Below high-school diploma")
    DIPLOMA = "diploma", _("High-school diploma")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")
    SEMINARY = "seminary", _("Seminary (hawza)")
