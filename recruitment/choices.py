from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CandidateStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    INTERESTED = "interested", _("Interested")
    ONBOARDED = "onboarded", _("Onboarded")
    DECLINED = "declined", pgettext_lazy("candidate status", "Declined")


OPEN_STATUSES = (CandidateStatus.IDENTIFIED, CandidateStatus.CONTACTED, CandidateStatus.INTERESTED)


class CandidateKind(models.TextChoices):
    RETIREE = "retiree", _("Retiree")
    CHILD = "child", _("Retiree's son or daughter")


class KeywordTarget(models.TextChoices):
    ANY = "any", _("Education, field of study or specialty")
    FIELD = "field_of_study", _("Field of study")
    SPECIALTY = "specialty", _("Specialty / last job title")
    EDUCATION = "education", _("Education level")
