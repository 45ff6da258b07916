from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageKind(models.TextChoices):
    NEWS = "news", _("News")
    INTERVIEW = "interview", _("Interview")
    POST = "post", _("Post")
    PROGRAMME = "programme", _("Programme")
