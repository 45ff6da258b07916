from django.db import models
from django.utils.translation import gettext_lazy as _


class MoneyUnit(models.TextChoices):
    RIAL = "rial", _("Rial")
    TOMAN = "toman", _("Toman")
