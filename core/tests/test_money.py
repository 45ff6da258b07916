import pytest
from django import forms
from django.utils import translation

from core import display
from core.money import MoneyFormField


@pytest.mark.parametrize(
    ("typed", "unit", "rials"),
    [
        ("12000000", "rial", 12_000_000),
        ("۱۲٬۰۰۰٬۰۰۰", "rial", 12_000_000),
        ("١٢,٠٠٠,٠٠٠", "toman", 120_000_000),
        ("1 250 000", "toman", 12_500_000),
        ("۱۲۳۴٫۵", "toman", 12_345),
        (0, "rial", 0),
    ],
)
def test_amounts_typed_any_way_become_rials(typed, unit, rials):
    assert MoneyFormField(unit=unit).clean(typed) == rials


@pytest.mark.parametrize(
    ("typed", "unit"), [("۱۲ میلیون", "rial"), ("-5", "rial"), ("12.5", "rial"), ("1.25", "toman"), ("inf", "rial")]
)
def test_what_is_not_a_whole_amount_is_refused(typed, unit):
    with pytest.raises(forms.ValidationError):
        MoneyFormField(unit=unit).clean(typed)


def test_the_form_shows_rials_back_in_the_persons_unit():
    assert MoneyFormField(unit="toman").prepare_value(125_000_000) == "12500000"
    assert MoneyFormField(unit="toman").prepare_value(12_345) == "1234.5"
    assert MoneyFormField(unit="rial").prepare_value(125_000_000) == "125000000"


def test_money_is_shown_with_persian_grouping_in_the_chosen_unit():
    with translation.override("fa"):
        assert display.money(125_000_000, "toman") == "۱۲٬۵۰۰٬۰۰۰ تومان"
        assert display.money(125_000_000, "rial") == "۱۲۵٬۰۰۰٬۰۰۰ ریال"
