"""Read-side functions compiling recruitment data: the recruitment part of a province's
monthly report (registered as `monthly=` in apps.py)."""
from django.db.models import Count
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .choices import CandidateStatus
from .models import CandidateStep


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Moves along the recruitment pipeline in the Jalali month, per step reached."""
    first, last = jalali.month_bounds(year, month)
    moves = dict(
        CandidateStep.objects.filter(candidate__province=province, happened_on__gte=first, happened_on__lte=last)
        .values_list("status").annotate(n=Count("pk")).order_by()
    )
    start, end = jalali.query_date(first), jalali.query_date(last)
    figures = [
        MonthlyFigure(
            _("Moved to “%(step)s”") % {"step": status.label}, moves.get(status.value, 0), key=f"moves.{status.value}",
            url=month_link("recruitment:candidate_list", moved_to=status.value, moved_after=start, moved_before=end,
                           province=province.pk))
        for status in CandidateStatus
    ]
    return [MonthlySection(_("Recruitment (D3)"), figures, order=60, key="recruitment")]
