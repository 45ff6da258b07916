"""Read-side functions compiling sponsorship data: the sponsorship part of a province's
monthly report (registered as `monthly=` in apps.py)."""
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .models import Pledge, Receipt


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Pledges made and receipts received in the Jalali month, counted and valued in rials."""
    first, last = jalali.month_bounds(year, month)
    dates = {"after": jalali.query_date(first), "before": jalali.query_date(last), "province": province.pk}
    pledges = Pledge.objects.filter(sponsor__province=province, pledged_on__gte=first, pledged_on__lte=last).aggregate(
        count=Count("pk"), value=Sum("value_rials"))
    receipts = Receipt.objects.filter(
        pledge__sponsor__province=province, received_on__gte=first, received_on__lte=last
    ).aggregate(count=Count("pk"), value=Sum("value_rials"))
    pledge_url = month_link("sponsorship:pledge_list", **dates)
    receipt_url = month_link("sponsorship:receipt_list", **dates)
    figures = [
        MonthlyFigure(_("Pledges made"), pledges["count"], key="pledges", url=pledge_url),
        MonthlyFigure(_("Value pledged"), pledges["value"] or 0, key="pledged_rials", url=pledge_url, unit="rial"),
        MonthlyFigure(_("Receipts"), receipts["count"], key="receipts", url=receipt_url),
        MonthlyFigure(_("Value received"), receipts["value"] or 0, key="received_rials", url=receipt_url, unit="rial"),
    ]
    return [MonthlySection(_("Sponsorship (D9)"), figures, order=50, key="sponsorship")]
