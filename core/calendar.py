"""One Jalali month as a calendar: weeks from Saturday, each day with the items an app puts on
it. Apps build their items in their own scope and hand them here (events: sessions and
meetings; meetings: meetings only), so there is one month layout and one template
(templates/core/calendar.html)."""
import datetime

from django.utils import timezone

from . import display, jalali

WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")


def parse_month(value: str | None) -> tuple[int, int]:
    """"1405-09" → (1405, 9); anything else → this Jalali month."""
    try:
        year, number = (int(part) for part in (value or "").split("-"))
        if 1300 <= year <= 1500 and 1 <= number <= 12:
            return year, number
    except ValueError:
        pass
    today = jalali.today_jalali()
    return today.year, today.month


def month_grid(year: int, month_number: int, items: dict[datetime.date, list[dict]]) -> dict:
    """The month's weeks (Saturday first), every day with `items[day]` — dicts with "time",
    "title", "url", "kind" and "cancelled" — and the links to the months before and after."""
    first, last = jalali.month_bounds(year, month_number)
    # Saturday is the first day of the Persian week: Python's Monday=0 … Saturday=5.
    start = first - datetime.timedelta(days=(first.weekday() - 5) % 7)
    today = timezone.localdate()
    weeks, day = [], start
    while day <= last:
        week = []
        for _offset in range(7):
            week.append({"date": day, "number": display.number(jalali.to_jalali(day).day), "in_month": first <= day <= last,
                         "today": day == today, "items": items.get(day, []),
                         "label": jalali.format_date_long(day)})
            day += datetime.timedelta(days=1)
        weeks.append(week)
    previous = (year - (month_number == 1), (month_number - 2) % 12 + 1)
    upcoming = (year + (month_number == 12), month_number % 12 + 1)
    return {"weeks": weeks, "title": jalali.format_month(year, month_number), "weekdays": WEEKDAYS,
            "previous": f"{previous[0]}-{previous[1]:02d}", "next": f"{upcoming[0]}-{upcoming[1]:02d}"}
