"""Totals of the sessions that took place (events held or closed), by area, by county and by
Jalali month: sessions, hours and participants (people present, late or leaving early at a
session; one person at three sessions counts three times, so the figures add up across rows).
Over the session list's filters; the same groups serve the page and the API (core.totals)."""
from django.db.models import Count, FloatField, IntegerField, OuterRef, Subquery, Sum
from django.db.models.aggregates import Aggregate
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from core import display
from core.totals import Measure, totals_by, totals_by_jalali_month

from .choices import EventStatus
from .models import ATTENDED, Attendance

TOOK_PLACE = [EventStatus.HELD, EventStatus.CLOSED]


class SessionHours(Aggregate):
    """The sum of sessions' lengths in hours (ends_at − starts_at), on SQLite and PostgreSQL."""

    function = "SUM"
    name = "SessionHours"
    output_field = FloatField()

    def __init__(self, **extra):
        from django.db.models import F

        super().__init__(F("ends_at"), F("starts_at"), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.get_source_expressions()[:2])
        if connection.vendor == "postgresql":
            template = "SUM(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"
        else:
            # Whole seconds first: julianday's floating point is a few microseconds off.
            template = "SUM(ROUND((julianday({end}) - julianday({start})) * 86400.0) / 3600.0)"
        return template.format(end=end[0], start=start[0]), [*end[1], *start[1]]


def hours_text(value) -> str:
    """5.5 → ۵٫۵; whole hours without decimals."""
    value = round(value or 0, 1)
    if value == int(value):
        return display.number(int(value))
    whole = display.number(int(value))
    return whole + ("٫" if display.persian_ui() else ".") + display.number(round(value % 1 * 10))


def session_measures() -> list[Measure]:
    return [
        Measure(_("participants"), Sum("_participants")),
        Measure(_("hours"), SessionHours(), show=hours_text),
        Measure(_("sessions"), Count("pk")),
    ]


def took_place(queryset):
    """Sessions of held or closed events, each with its number of participants."""
    present = (Attendance.objects.filter(session=OuterRef("pk"), status__in=ATTENDED).order_by()
               .values("session").annotate(count=Count("pk")).values("count"))
    return (queryset.filter(event__status__in=TOOK_PLACE)
            .annotate(_participants=Coalesce(Subquery(present, output_field=IntegerField()), 0), _day=TruncDate("starts_at")))


def session_totals(queryset) -> list:
    """By area, by county (of the space; online sessions apart) and by Jalali month."""
    queryset = took_place(queryset)
    measures = session_measures()
    return [
        totals_by(queryset, "event__area", "event__area__name", measures, title=_("By area"), label_header=_("area")),
        totals_by(queryset, "facility__county", "facility__county__name", measures, title=_("By county"),
                  label_header=_("county"), empty_label=_("Online")),
        totals_by_jalali_month(queryset, "_day", measures, title=_("By month"), label_header=_("month")),
    ]
