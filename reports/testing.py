"""Factories for tests of monthly reports and corrective suggestions."""
import datetime

from django.utils import timezone

from accounts.testing import make_user
from core.roles import Role

from . import services
from .choices import ReportStatus
from .models import MonthlyReport, Suggestion

# Mehr 1405 (2026-09-23 … 2026-10-22): over, whatever day the tests run after it.
YEAR, MONTH = 1405, 7


def make_report(province, year=YEAR, month=MONTH, status=ReportStatus.DRAFT, coordinator=None, manager=None,
                **fields) -> MonthlyReport:
    """A report of `province` taken through the real steps up to `status`."""
    coordinator = coordinator or make_user(Role.COORDINATOR, province)
    fields.setdefault("narrative", "گزارش ماه: جلسه‌ها برگزار شد و پیگیری‌ها انجام شد.")
    fields.setdefault("no_activity_statement", "در این ماه فعالیتی ثبت نشد؛ همکاران در مرخصی بودند.")
    report = services.report_open(coordinator, province=province, jalali_year=year, jalali_month=month, **fields)
    if status == ReportStatus.DRAFT:
        return report
    report = services.report_submit(report, coordinator)
    if status == ReportStatus.SUBMITTED:
        return report
    manager = manager or make_user(Role.PROVINCIAL_MANAGER, province)
    if status in (ReportStatus.RETURNED, ReportStatus.RESUBMITTED):
        report = services.report_return(report, manager, reason="ارقام جلسه‌ها را توضیح دهید.")
        if status == ReportStatus.RESUBMITTED:
            report = services.report_submit(report, coordinator)
        return report
    report = services.report_accept(report, manager)
    if status == ReportStatus.LOCKED:
        report = services.report_lock(report, manager)
    return report


def make_suggestion(province=None, report=None, **fields) -> Suggestion:
    report = report or make_report(province)
    defaults = {"what": f"کارگاه‌های آموزشی در شهرستان‌ها هم برگزار شود {report.province.code}",
                "to_whom": "مدیر استان", "due_date": timezone.localdate() + datetime.timedelta(days=30)}
    return Suggestion.objects.create(report=report, **{**defaults, **fields})
