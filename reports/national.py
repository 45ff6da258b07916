"""The national picture (issue 10): provinces × the eight areas for one measure (active
ambassadors, events, meetings, media reach), each cell's level for its colour, the province
totals that colour the Iran map, and the national totals by area for a chart.

reports sits above every module it reads here (docs/architecture.md#dependency-order), and
reads them as every reader does: through `visible_to(user)`, so a provincial manager's
picture holds their own province only and a national admin's all 31. Views, tests and
`make bench` call these functions."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from areas.models import Area
from core import jalali
from events.choices import EventStatus
from events.models import Event, Session
from geo.models import Province
from media.models import MediaCoverage
from meetings.choices import MeetingStatus
from meetings.models import Meeting

LEVELS = 5  # 0 = nothing; 1…4 = quarters of the largest cell


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    unit: object
    description: object


MEASURES = [
    Measure("ambassadors", _("Active ambassadors"), pgettext_lazy("unit", "ambassadors"),
            _("Ambassadors active today, by the areas they work in.")),
    Measure("events", _("Events held"), pgettext_lazy("unit", "events"),
            _("Courses, workshops and classes held or closed with a session in the year.")),
    Measure("meetings", _("Meetings held"), pgettext_lazy("unit", "meetings"), _("Meetings held in the year, by their areas.")),
    Measure("reach", _("Media reach"), pgettext_lazy("unit", "people"),
            _("Estimated reach of the media coverage published in the year, by its areas.")),
]
MEASURE = {measure.key: measure for measure in MEASURES}


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    """[first day, first day of the next year) of a Jalali year."""
    return jalali.jalali_to_date(year, 1, 1), jalali.jalali_to_date(year + 1, 1, 1)


def _moments(year: int):
    zone = timezone.get_current_timezone()
    start, end = year_range(year)
    return (datetime.datetime.combine(start, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(end, datetime.time(), tzinfo=zone))


def _counts(queryset, province: str, area: str, user, value=None) -> tuple[dict, dict]:
    """({(province_id, area_id): n}, {province_id: n}) over a queryset already in scope: a
    record in two areas counts in both cells but once in its province's total. The querysets
    join nothing many-valued (events are chosen by a subquery on their sessions); only an
    area-restricted reader's scope joins areas, and then the total is taken over distinct rows."""
    aggregate = Sum(value) if value else Count("pk", distinct=True)
    cells = {(row[0], row[1]): row[2] or 0
             for row in queryset.values_list(province, area).annotate(n=aggregate).order_by() if row[1] is not None}
    base = queryset
    if getattr(user, "is_area_restricted", False):
        base = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    totals = {row[0]: row[1] or 0 for row in base.values_list(province).annotate(n=aggregate).order_by()}
    return cells, totals


def measure_counts(user, key: str, year: int) -> tuple[dict, dict]:
    if key == "ambassadors":
        queryset = Ambassador.objects.visible_to(user).filter(status=AmbassadorStatus.ACTIVE)
        return _counts(queryset, "province", "areas", user)
    if key == "events":
        start, end = _moments(year)
        held = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).values("event_id")
        queryset = Event.objects.visible_to(user).filter(status__in=[EventStatus.HELD, EventStatus.CLOSED],
                                                         pk__in=held)
        return _counts(queryset, "province", "area", user)
    start, end = year_range(year)
    if key == "meetings":
        queryset = Meeting.objects.visible_to(user).filter(status=MeetingStatus.HELD, held_on__gte=start,
                                                             held_on__lt=end)
        return _counts(queryset, "organization__province", "areas", user)
    if key == "reach":
        queryset = MediaCoverage.objects.visible_to(user).filter(published_on__gte=start, published_on__lt=end,
                                                                 estimated_reach__isnull=False)
        return _counts(queryset, "outlet__province", "areas", user, value="estimated_reach")
    raise KeyError(key)


def level(value: int, largest: int) -> int:
    """0 for nothing, else 1…4 by quarters of the largest value."""
    if not value or not largest:
        return 0
    return min(LEVELS - 1, 1 + (LEVELS - 1) * (value - 1) // largest)


def legend(largest: int) -> list[tuple[int, int, int]]:
    """(level, from, to) of each colour in use: level 0 is exactly 0."""
    rows = [(0, 0, 0)]
    steps = LEVELS - 1
    for lvl in range(1, LEVELS):
        low, high = -(-(lvl - 1) * largest // steps) + 1, -(-lvl * largest // steps)
        if largest and low <= high:
            rows.append((lvl, low, high))
    return rows


@dataclass
class Row:
    province: Province
    cells: list[tuple[int, int]] = field(default_factory=list)  # (value, level) per area
    total: int = 0
    total_level: int = 0


@dataclass
class Picture:
    measure: Measure
    year: int
    areas: list
    rows: list[Row]
    area_totals: list[int]
    total: int
    cell_legend: list[tuple[int, int, int]]
    province_legend: list[tuple[int, int, int]]

    def row_for(self, province_id) -> Row | None:
        return next((row for row in self.rows if row.province.pk == province_id), None)


def national_picture(user, key: str, year: int) -> Picture:
    """The matrix of one measure for the provinces the user sees."""
    measure = MEASURE[key]
    areas = list(Area.objects.order_by("order", "name"))
    provinces = list(Province.objects.visible_to(user).order_by("name"))
    cells, totals = measure_counts(user, key, year)
    largest_cell = max([cells.get((p.pk, a.pk), 0) for p in provinces for a in areas] or [0])
    largest_total = max([totals.get(p.pk, 0) for p in provinces] or [0])
    rows = []
    for province in provinces:
        values = [cells.get((province.pk, area.pk), 0) for area in areas]
        total = totals.get(province.pk, 0)
        rows.append(Row(province, [(value, level(value, largest_cell)) for value in values], total,
                        level(total, largest_total)))
    area_totals = [sum(row.cells[index][0] for row in rows) for index in range(len(areas))]
    return Picture(measure, year, areas, rows, area_totals, sum(row.total for row in rows),
                   legend(largest_cell), legend(largest_total))
