"""Jalali (Solar Hijri) dates: parsing what people type and formatting for display.

Dates are stored as ordinary `date`s; only the edges (forms, screens, exports) speak Jalali.
"""
import datetime
import re

import jdatetime
from django.utils import timezone
from django.utils.translation import get_language
from jalali_core import GregorianToJalali, JalaliToGregorian

from .normalize import normalize_digits, to_persian_digits

_DATE = re.compile(r"^(\d{2,4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
# Years at or above this are Gregorian (a Jalali year is ~621 less than the Gregorian one).
GREGORIAN_YEAR_FLOOR = 1700
MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)


def parse_date(value) -> datetime.date:
    """Parse 1340/5/12, ۱۳۴۰/۰۵/۱۲, 1340-05-12 (Jalali) or 1961-08-03 (Gregorian).

    Raises ValueError for anything else, including impossible dates such as 1402/12/30.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    # Plain ASCII (most files) needs no normalising: no other digits, no invisible marks.
    text = "".join(text.split()) if text.isascii() else normalize_digits(text)
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = (int(part) for part in match.groups())
    if year >= GREGORIAN_YEAR_FLOOR:
        return datetime.date(year, month, day)
    if year < 100:
        raise ValueError(f"two-digit year: {value!r}")
    return jalali_to_date(year, month, day)


def date_parts(value) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, if it looks like a date at all."""
    match = _DATE.match(normalize_digits(str(value)).replace(" ", ""))
    return tuple(int(part) for part in match.groups()) if match else None


def month_length(year: int, month: int) -> int:
    """Days in a Jalali month: 31 in the first six, 30 after, Esfand 29 except in leap years."""
    if month <= 6:
        return 31
    if month < 12:
        return 30
    return 30 if jdatetime.date.isleap(jdatetime.date(year, 1, 1)) else 29


def jalali_to_date(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Jalali one; ValueError for days that do not exist (1402/12/30).

    jalali_core's arithmetic directly: building jdatetime objects costs a locale lookup each,
    which dominates roster imports.
    """
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise ValueError(f"no such Jalali date: {year}/{month}/{day}")
    gregorian = JalaliToGregorian(year, month, day).getGregorianList()
    # Esfand 30 exists only in leap years; otherwise it rolls over into Farvardin 1.
    if month == 12 and day == 30 and tuple(GregorianToJalali(*gregorian).getJalaliList()) != (year, month, day):
        raise ValueError(f"no such Jalali date: {year}/{month}/{day}")
    return datetime.date(*gregorian)


def to_jalali(value: datetime.date) -> jdatetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


def _digits(text: str, persian: bool | None) -> str:
    if persian is None:
        persian = (get_language() or "fa").startswith("fa")
    return to_persian_digits(text) if persian else text


def format_date(value, persian_digits: bool | None = None) -> str:
    """1405/09/05 (Persian digits in the Persian UI)."""
    if not value:
        return ""
    j = to_jalali(value.date() if isinstance(value, datetime.datetime) else value)
    return _digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}", persian_digits)


def format_datetime(value, persian_digits: bool | None = None) -> str:
    """1405/09/05 14:30 in Tehran time."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    j = jdatetime.datetime.fromgregorian(datetime=value)
    return _digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d} {j.hour:02d}:{j.minute:02d}", persian_digits)


def format_date_long(value) -> str:
    """۵ آذر ۱۴۰۵ — for letters and reports."""
    if not value:
        return ""
    j = to_jalali(value)
    return to_persian_digits(f"{j.day} {MONTHS_FA[j.month - 1]} {j.year}")


def today_jalali() -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=timezone.localdate())


def month_of(value: datetime.date) -> tuple[int, int]:
    """The Jalali (year, month) a date falls in."""
    j = to_jalali(value)
    return j.year, j.month


def format_month(year: int, month: int) -> str:
    """آذر ۱۴۰۵ — a Jalali month as a heading or a totals row."""
    return to_persian_digits(f"{MONTHS_FA[month - 1]} {year}")


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last (Gregorian) days of Jalali `year`/`month`, both inclusive.

    Esfand has 30 days in leap years and 29 otherwise; the last day is the day before the
    next month's first, so leap years need no special case.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"no such Jalali month: {month}")
    first = jalali_to_date(year, month, 1)
    following = jalali_to_date(year + 1, 1, 1) if month == 12 else jalali_to_date(year, month + 1, 1)
    return first, following - datetime.timedelta(days=1)


def month_key(year: int, month: int) -> str:
    """1405-09: a Jalali month as a sortable key (reports, exports, API)."""
    return f"{year:04d}-{month:02d}"


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def query_date(value: datetime.date) -> str:
    """A date as a list page's filter takes it in a link: 1405/09/01 (ASCII digits)."""
    return format_date(value, persian_digits=False)


def month_moments(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of Jalali `year`/`month` as aware moments in Tehran time: for timestamp
    columns, compared without a per-row date conversion so an index can serve the range."""
    first, last = month_bounds(year, month)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end
