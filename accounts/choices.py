from django.db import models
from django.utils.translation import gettext_lazy as _


class MoneyUnit(models.TextChoices):
    RIAL = "rial", _("Rial")
    TOMAN = "toman", _("Toman")


class TextSize(models.TextChoices):
    """How large the whole interface is drawn for this person (the page's root font size)."""

    NORMAL = "100", _("Normal")
    LARGE = "112", _("Large")
    LARGER = "125", _("Larger")
