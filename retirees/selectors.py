"""Read-side functions compiling roster data: the roster part of a province's monthly report
(registered as `monthly=` in apps.py). Only import counts: never personal data."""
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .choices import ImportStatus
from .models import RosterImport


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Roster imports finished in the Jalali month and the rows they saved and rejected."""
    first, last = jalali.month_bounds(year, month)
    start, end = jalali.month_moments(year, month)
    totals = RosterImport.objects.filter(
        province=province, status=ImportStatus.DONE, finished_at__gte=start, finished_at__lt=end
    ).aggregate(imports=Count("pk"), changed=Sum("changed_rows"), rejected=Sum("rejected_rows"))
    url = month_link("retirees:rosterimport_list", status=ImportStatus.DONE, finished_after=jalali.query_date(first),
                     finished_before=jalali.query_date(last), province=province.pk)
    figures = [
        MonthlyFigure(_("Roster imports finished"), totals["imports"], key="imports", url=url),
        MonthlyFigure(_("Retirees new or changed"), totals["changed"] or 0, key="changed_rows", url=url),
        MonthlyFigure(_("Rows rejected"), totals["rejected"] or 0, key="rejected_rows", url=url),
    ]
    return [MonthlySection(_("Retirees' roster (D2)"), figures, order=70, key="retirees")]
