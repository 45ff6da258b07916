from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.dashboard import Action, Card

from .choices import EDITABLE, IN_REVIEW
from .models import MonthlyReport


def cards(user):
    result = []
    if user.has_perm("reports.review_monthlyreport"):
        waiting = MonthlyReport.objects.visible_to(user).filter(status__in=IN_REVIEW)
        url = reverse("reports:monthlyreport_list") + "?stage=review"
        result.append(Card(_("Monthly reports to review"), waiting.count(), url, order=15))
    if user.has_perm("reports.submit_monthlyreport"):
        in_hand = MonthlyReport.objects.visible_to(user).filter(status__in=EDITABLE)
        url = reverse("reports:monthlyreport_list") + "?stage=writing"
        result.append(Card(_("Monthly reports being written or returned"), in_hand.count(), url, order=16))
    return result


def actions(user):
    if not user.has_perm("reports.add_monthlyreport") or not user.province_id:
        return []
    year, month = jalali.previous_month(*jalali.month_of(timezone.localdate()))
    if MonthlyReport.objects.filter(province_id=user.province_id, jalali_year=year, jalali_month=month).exists():
        return []
    return [Action(_("Write the report of %(month)s") % {"month": jalali.format_month(year, month)},
                   reverse("reports:monthlyreport_create"), order=10)]
