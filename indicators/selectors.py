"""Read-side figures of the statistics module: the charts of an indicator and its part of a
province's monthly report (core.registry `monthly`)."""
from collections import OrderedDict

from django.utils.translation import gettext as _

from core import jalali
from core.charts import Chart, Series
from core.registry import MonthlyFigure, MonthlySection, month_link

from . import periods
from .models import IndicatorValue, verified_periods


def _number(value):
    return float(value) if value is not None else None


def values_for(indicator, user):
    return (IndicatorValue.objects.visible_to(user).filter(indicator=indicator)
            .select_related("province", "county", "organization", "website"))


def series_chart(indicator, user, province) -> Chart:
    """The indicator over time in one province (the whole province, not its counties): one line
    per source, oldest period first; "not available" is a gap, never zero."""
    values = list(values_for(indicator, user).filter(province=province, county__isnull=True).order_by("period_start"))
    keys = list(OrderedDict.fromkeys(value.period_key for value in values))
    sources = OrderedDict()
    for value in values:
        sources.setdefault(value.source_key, (value.source_text, {}))[1][value.period_key] = value
    series = [Series(label, [_number(found[key].value) if key in found else None for key in keys])
              for label, found in sources.values()]
    return Chart(_("%(indicator)s in %(province)s over time") % {"indicator": indicator, "province": province},
                 [periods.from_key(key).label for key in keys], series, kind="line", unit=indicator.unit)


def latest_by_province(indicator, user, period_key: str = "") -> tuple[str, list[IndicatorValue]]:
    """One value per province for a period (the latest period with any value unless given): for
    several sources, the one entered last."""
    values = values_for(indicator, user).filter(county__isnull=True)
    if not period_key:
        newest = values.order_by("-period_start").first()
        if newest is None:
            return "", []
        period_key = newest.period_key
    chosen = {}
    for value in values.filter(period_key=period_key).order_by("province__name", "updated_at"):
        chosen[value.province_id] = value
    return period_key, list(chosen.values())


def provinces_chart(indicator, user, period_key: str = "") -> Chart | None:
    """The indicator across provinces for one period, as bars; "not available" is a gap."""
    period_key, values = latest_by_province(indicator, user, period_key)
    if not values:
        return None
    return Chart(_("%(indicator)s by province, %(period)s") % {"indicator": indicator,
                                                               "period": periods.from_key(period_key).label},
                 [str(value.province) for value in values],
                 [Series(indicator.unit or _("figure"), [_number(value.value) for value in values])],
                 kind="bar", unit=indicator.unit)


def series_states(indicator, user, province) -> list[tuple[str, bool]]:
    """The periods of the over-time chart, each with whether the province's values of it are verified."""
    keys = list(OrderedDict.fromkeys(values_for(indicator, user).filter(province=province, county__isnull=True)
                                     .order_by("period_start").values_list("period_key", flat=True)))
    verified = verified_periods((province.pk, key) for key in keys)
    return [(periods.from_key(key).label, (province.pk, key) in verified) for key in keys]


def provinces_states(indicator, user) -> list[tuple[str, bool]]:
    """The provinces of the across-provinces chart, each with whether its bar's period is verified."""
    period_key, values = latest_by_province(indicator, user)
    verified = verified_periods((value.province_id, period_key) for value in values)
    return [(str(value.province), (value.province_id, period_key) in verified) for value in values]


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Figures entered in the month (by when they were entered, not the period they describe)."""
    start, end = jalali.month_moments(year, month)
    entered = IndicatorValue.objects.filter(province=province, created_at__gte=start, created_at__lt=end)
    first, last = jalali.month_bounds(year, month)
    return [MonthlySection(_("Statistics"), [
        MonthlyFigure(_("Indicator values entered"), entered.count(),
                      month_link("indicators:indicatorvalue_list", province=province.pk), key="values_entered"),
        MonthlyFigure(_("of which not available"), entered.filter(not_available=True).count(),
                      month_link("indicators:indicatorvalue_list", province=province.pk, not_available="true"),
                      key="values_not_available"),
    ], order=70, key="indicators")]
