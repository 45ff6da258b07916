"""Read-side functions compiling media data: the media part of a province's monthly report
(registered as `monthly=` in apps.py)."""
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .models import MediaCoverage


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Coverage published in the Jalali month and its estimated reach."""
    first, last = jalali.month_bounds(year, month)
    totals = MediaCoverage.objects.filter(
        outlet__province=province, published_on__gte=first, published_on__lte=last
    ).aggregate(items=Count("pk"), reach=Sum("estimated_reach"))
    url = month_link("media:mediacoverage_list", after=jalali.query_date(first), before=jalali.query_date(last),
                     province=province.pk)
    figures = [
        MonthlyFigure(_("Coverage items"), totals["items"], key="coverage", url=url),
        MonthlyFigure(_("Estimated reach"), totals["reach"] or 0, key="reach", url=url),
    ]
    return [MonthlySection(_("Media coverage (D7)"), figures, order=40, key="media")]
