"""Jalali periods of indicators: a month (1404-07), a quarter (1404-Q3) or a year (1404).

A value stores the period's canonical key and its first day, so series sort by date and a
month filter never depends on converting stored Gregorian dates (docs/modules/indicators.md).
"""
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core import jalali
from core.normalize import normalize_digits, to_persian_digits

from .choices import PeriodType

QUARTER_NAMES = ("بهار", "تابستان", "پاییز", "زمستان")
_MONTH = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/.]?\s*[Qq]\s*([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
MIN_YEAR, MAX_YEAR = 1300, 1499


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    part: int = 0  # month 1–12, quarter 1–4, 0 for a year

    @property
    def key(self) -> str:
        if self.kind == PeriodType.MONTH:
            return jalali.month_key(self.year, self.part)
        if self.kind == PeriodType.QUARTER:
            return f"{self.year:04d}-Q{self.part}"
        return f"{self.year:04d}"

    @property
    def first_month(self) -> int:
        if self.kind == PeriodType.MONTH:
            return self.part
        if self.kind == PeriodType.QUARTER:
            return (self.part - 1) * 3 + 1
        return 1

    @property
    def start(self) -> datetime.date:
        return jalali.jalali_to_date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day, inclusive."""
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "Period":
        if self.kind == PeriodType.MONTH:
            return Period(self.kind, *jalali.next_month(self.year, self.part))
        if self.kind == PeriodType.QUARTER:
            return Period(self.kind, self.year + (self.part == 4), self.part % 4 + 1)
        return Period(self.kind, self.year + 1)

    def previous(self) -> "Period":
        if self.kind == PeriodType.MONTH:
            return Period(self.kind, *jalali.previous_month(self.year, self.part))
        if self.kind == PeriodType.QUARTER:
            return Period(self.kind, self.year - (self.part == 1), (self.part - 2) % 4 + 1)
        return Period(self.kind, self.year - 1)

    @property
    def label(self) -> str:
        """مهر ۱۴۰۴ · پاییز ۱۴۰۴ · سال ۱۴۰۴"""
        if self.kind == PeriodType.MONTH:
            return jalali.format_month(self.year, self.part)
        if self.kind == PeriodType.QUARTER:
            return to_persian_digits(f"{QUARTER_NAMES[self.part - 1]} {self.year}")
        return to_persian_digits(_("year %(year)s") % {"year": self.year})

    def __str__(self):
        return self.label


def make(kind: str, year: int, part: int = 0) -> Period:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(_("Enter a Jalali year between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    if kind == PeriodType.MONTH and not 1 <= part <= 12:
        raise PeriodError(_("This indicator is monthly: choose a month."))
    if kind == PeriodType.QUARTER and not 1 <= part <= 4:
        raise PeriodError(_("This indicator is quarterly: choose a season."))
    return Period(kind, year, part if kind != PeriodType.YEAR else 0)


def parse(text: str, kind: str) -> Period:
    """A period typed as its key (1404-07, 1404/7, 1404-Q3, 1404), in any digits."""
    value = normalize_digits(str(text or "")).strip()
    for pattern, found in ((_MONTH, PeriodType.MONTH), (_QUARTER, PeriodType.QUARTER), (_YEAR, PeriodType.YEAR)):
        match = pattern.match(value)
        if match:
            if found != kind:
                break
            year = int(match.group(1))
            part = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 0
            return make(kind, year, part)
    example = {PeriodType.MONTH: "1404-07", PeriodType.QUARTER: "1404-Q3", PeriodType.YEAR: "1404"}[kind]
    raise PeriodError(_("Write the period as %(example)s for this indicator.") % {"example": example})


def from_key(key: str) -> Period:
    for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
        try:
            return parse(key, kind)
        except PeriodError:
            continue
    raise PeriodError(key)


def containing(day: datetime.date, kind: str) -> Period:
    """The period of `kind` that `day` falls in."""
    year, month = jalali.month_of(day)
    if kind == PeriodType.MONTH:
        return Period(kind, year, month)
    if kind == PeriodType.QUARTER:
        return Period(kind, year, (month - 1) // 3 + 1)
    return Period(kind, year)


def part_choices() -> list[tuple[str, str]]:
    """The second box of a period: months, then seasons."""
    months = [(str(number), name) for number, name in enumerate(jalali.MONTHS_FA, start=1)]
    seasons = [(f"Q{number}", _("%(season)s (season %(number)s)") % {"season": name, "number": to_persian_digits(str(number))})
               for number, name in enumerate(QUARTER_NAMES, start=1)]
    return [("", _("— whole year —")), *months, *seasons]
