from django.db import models
from django.utils.translation import gettext_lazy as _


class AmbassadorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
