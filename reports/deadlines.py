"""When a month's report is due: `REPORT_DEADLINE_DAYS` after the Jalali month ends, moved
past Fridays and Iranian public holidays (the `holidays` package's calendar for Iran, which
includes the lunar holidays; later years' lunar dates are its estimates)."""
import datetime
from functools import cache

import holidays
from django.conf import settings

from core import jalali

FRIDAY = 4


@cache
def _iran_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("IR", years=[year]).keys())


def is_day_off(day: datetime.date) -> bool:
    return day.weekday() == FRIDAY or day in _iran_holidays(day.year)


def due_date(year: int, month: int) -> datetime.date:
    """The last day to submit the report of Jalali `year`/`month` on time."""
    _first, last = jalali.month_bounds(year, month)
    day = last + datetime.timedelta(days=settings.REPORT_DEADLINE_DAYS)
    while is_day_off(day):
        day += datetime.timedelta(days=1)
    return day
