"""How values look on screen and in exports: Jalali dates, Persian digits, grouping."""
import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import jalali
from .normalize import to_persian_digits


def persian_ui() -> bool:
    return (get_language() or "fa").startswith("fa")


def digits(text, persian: bool | None = None) -> str:
    text = "" if text is None else str(text)
    if persian is None:
        persian = persian_ui()
    return to_persian_digits(text) if persian else text


def number(value, persian: bool | None = None) -> str:
    """1234567 → ۱٬۲۳۴٬۵۶۷ in Persian (Arabic thousands separator), 1,234,567 in English."""
    if value is None or value == "":
        return ""
    if persian is None:
        persian = persian_ui()
    if isinstance(value, (float, Decimal)) and value != int(value):
        text = f"{value:,.2f}"
    else:
        text = f"{int(value):,}"
    if persian:
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


def money(rials, unit: str = "toman") -> str:
    """Rials stored, shown in rials or tomans (÷10) with Persian grouping."""
    if rials is None:
        return ""
    if unit == "toman":
        return f"{number(int(rials) // 10)} {_('toman')}"
    return f"{number(int(rials))} {_('rial')}"


def value_text(obj, field: models.Field, persian: bool | None = None, money_unit: str = "rial") -> str:
    """A model field's value as a person reads it (amounts of money in `money_unit`)."""
    value = getattr(obj, field.name) if not field.many_to_many else None
    if field.many_to_many:
        return "، ".join(str(item) for item in getattr(obj, field.name).all())
    if value is None or value == "":
        return ""
    if isinstance(value, ContentType):
        # A kind of record (the audit log's), named as its own pages name it.
        model = value.model_class()
        return str(capfirst(model._meta.verbose_name)) if model else str(value)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if getattr(field, "is_money", False):
        return money(value, money_unit)
    if isinstance(value, datetime.datetime):
        return jalali.format_datetime(value, persian)
    if isinstance(value, datetime.date):
        return jalali.format_date(value, persian)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number(value, persian)
    if isinstance(field, models.CharField) and (getattr(field, "ascii_digits", False) or field.name == "code"):
        # Codes (a province's, a county's) read in the page's digits like every other number.
        return digits(value, persian)
    return str(value)
