"""Money: stored as whole rials, typed and shown in the person's unit (rial or toman).

`MoneyField` on a model gives forms a `MoneyFormField` (Persian or ASCII digits, any
thousands separator) and tables a column in the viewer's unit (core.tables.MoneyColumn).
Forms read amounts in rials unless the page passes the user's unit (`money_unit=`), so the
API always speaks rials.
"""
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .normalize import normalize_digits

RIALS_PER_UNIT = {"rial": 1, "toman": 10}
UNIT_LABELS = {"rial": _("rial"), "toman": _("toman")}
# Thousands separators people type: Persian, Arabic, ASCII comma, apostrophe.
THOUSANDS_SEPARATORS = str.maketrans("", "", "٬,،'_")


def unit_for(user) -> str:
    """The unit this person reads and types money in (rial for anyone without a preference)."""
    return getattr(user, "money_unit", "") or "rial"


class MoneyField(models.BigIntegerField):
    """An amount in rials (never negative)."""

    is_money = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(0)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MoneyFormField, **kwargs})


class MoneyFormField(forms.Field):
    """An amount typed in `unit` (rial or toman), cleaned to whole rials."""

    default_error_messages = {
        "invalid": _("Enter the amount with digits only, for example 12000000."),
        "fraction": _("Enter a whole number of rials (an amount in tomans may have one decimal place)."),
        "negative": _("The amount cannot be negative."),
    }

    def __init__(self, *, unit: str = "rial", max_value=None, min_value=None, **kwargs):
        # Model-field validators cover the range; the widget is a plain numeric text box
        # so separators such as ۱۲٬۰۰۰٬۰۰۰ can be typed.
        super().__init__(**kwargs)
        self.unit = unit
        self.widget.attrs.update({"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            amount = Decimal(value) / RIALS_PER_UNIT[self.unit]
            return str(amount.normalize()) if amount != amount.to_integral() else str(int(amount))
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        else:
            text = normalize_digits(str(value)).translate(THOUSANDS_SEPARATORS).replace("٫", ".")
        try:
            amount = Decimal(text) * RIALS_PER_UNIT[self.unit]
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if amount != amount.to_integral():
            raise forms.ValidationError(self.error_messages["fraction"], code="fraction")
        return int(amount)
