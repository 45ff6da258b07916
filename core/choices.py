"""Choices shared by several apps (people in the programme and in the roster)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class EducationLevel(models.TextChoices):
    """Education levels as rosters and people state them (one list for retirees, their children
    and ambassadors): the school ladder below the diploma in its steps, and seminary education
    apart. `below_diploma` stays for records made before the finer steps (the first six levels)."""

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
