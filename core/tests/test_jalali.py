import datetime

import pytest
from django.utils import translation

from core import jalali
from core.forms import JalaliDateField


@pytest.mark.parametrize(
    "text",
    ["1405/09/05", "۱۴۰۵/۰۹/۰۵", "١٤٠٥/٠٩/٠٥", "1405-9-5", " 1405/09/05 ", "2026-11-26"],
)
def test_parse_accepts_jalali_in_any_digits_and_iso(text):
    assert jalali.parse_date(text) == datetime.date(2026, 11, 26)


@pytest.mark.parametrize("text", ["1402/12/30", "1405/13/01", "05/09/1405", "fifth of Azar", "99/1/1"])
def test_parse_rejects_impossible_or_ambiguous_dates(text):
    with pytest.raises(ValueError):
        jalali.parse_date(text)


def test_format_uses_persian_digits_in_persian_ui():
    with translation.override("fa"):
        assert jalali.format_date(datetime.date(2026, 11, 26)) == "۱۴۰۵/۰۹/۰۵"
    with translation.override("en"):
        assert jalali.format_date(datetime.date(2026, 11, 26)) == "1405/09/05"
    assert jalali.format_date_long(datetime.date(2026, 11, 26)) == "۵ آذر ۱۴۰۵"


def test_form_field_error_is_a_clear_message():
    field = JalaliDateField()
    assert field.clean("۱۳۴۰/۰۵/۱۲") == datetime.date(1961, 8, 3)
    with translation.override("fa"), pytest.raises(Exception) as error:
        field.clean("1340/15/40")
    assert error.value.messages


def test_month_of_and_month_heading():
    # 1405/07/30 and 1405/08/01 are a day apart but in different Jalali months.
    assert jalali.month_of(datetime.date(2026, 10, 22)) == (1405, 7)
    assert jalali.month_of(datetime.date(2026, 10, 23)) == (1405, 8)
    assert jalali.format_month(1405, 9) == "آذر ۱۴۰۵"


def test_fast_conversion_agrees_with_jdatetime_over_the_whole_range():
    import jdatetime

    day = jdatetime.date(1300, 1, 1)
    end = jdatetime.date(1420, 12, 29)
    while day <= end:
        assert jalali.jalali_to_date(day.year, day.month, day.day) == day.togregorian()
        day += datetime.timedelta(days=1)
    for year, month, day in [(1402, 12, 30), (1403, 7, 31), (1400, 13, 1), (1400, 0, 5)]:
        with pytest.raises(ValueError):
            jalali.jalali_to_date(year, month, day)
    assert jalali.jalali_to_date(1403, 12, 30) == datetime.date(2025, 3, 20)  # 1403 is a leap year


def test_month_bounds_cover_whole_months_and_leap_esfand():
    assert jalali.month_bounds(1405, 7) == (datetime.date(2026, 9, 23), datetime.date(2026, 10, 22))
    assert jalali.month_bounds(1405, 1) == (datetime.date(2026, 3, 21), datetime.date(2026, 4, 20))
    # 1403 is a leap year (30 Esfand exists); 1404 is not.
    assert jalali.month_bounds(1403, 12)[1] == jalali.jalali_to_date(1403, 12, 30)
    assert jalali.month_bounds(1404, 12)[1] == jalali.jalali_to_date(1404, 12, 29)
    assert jalali.previous_month(1405, 1) == (1404, 12)
    assert jalali.next_month(1404, 12) == (1405, 1)
    assert jalali.month_key(1405, 9) == "1405-09"
    with pytest.raises(ValueError):
        jalali.month_bounds(1405, 13)
