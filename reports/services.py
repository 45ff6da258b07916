"""Monthly report workflow (D11): draft (figures live) → submitted (figures frozen with their
hash) → returned with a reason → resubmitted → accepted by the provincial manager (never by
its author) → locked; a national admin reopens an accepted report as a new version. Only these
functions change `status`; each is atomic, checks the current state and writes one audit row."""
import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import jalali
from core.roles import Role
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language

from . import selectors
from .choices import EDITABLE, IN_REVIEW, ReportStatus, SuggestionStatus
from .deadlines import due_date
from .models import MonthlyReport, Suggestion

# --- guards -----------------------------------------------------------------------------------

def check_can_change(report: MonthlyReport) -> None:
    if report.status not in EDITABLE:
        raise Inapplicable(_("This report is “%(status)s”: its text and suggestions can no longer be changed.")
                           % {"status": report.get_status_display()})


def check_can_submit(report: MonthlyReport) -> None:
    check_can_change(report)
    _first, last = jalali.month_bounds(report.jalali_year, report.jalali_month)
    if timezone.localdate() <= last:
        raise WorkflowError(_("The month is not over yet: submit the report from %(date)s on.")
                            % {"date": jalali.format_date(last + datetime.timedelta(days=1))})
    sections = selectors.report_live_sections(report)
    if not selectors.has_activity(sections) and not report.no_activity_statement.strip():
        raise WorkflowError(_("Nothing was logged this month. Edit the report and write the “no activity” "
                              "statement (what happened and why), then submit."))
    if selectors.has_activity(sections) and not report.narrative.strip():
        raise WorkflowError(_("Edit the report and write the narrative first: what happened this month and why."))


def check_can_review(report: MonthlyReport) -> None:
    if report.status not in IN_REVIEW:
        raise Inapplicable(_("Only a submitted report can be returned or accepted."))


def check_can_lock(report: MonthlyReport) -> None:
    if report.status != ReportStatus.ACCEPTED:
        raise Inapplicable(_("Only an accepted report can be locked."))


def check_can_reopen(report: MonthlyReport) -> None:
    if report.status not in (ReportStatus.ACCEPTED, ReportStatus.LOCKED):
        raise Inapplicable(_("Only an accepted or locked report can be reopened."))
    if not report.is_latest:
        raise Inapplicable(_("A newer version of this report exists: reopen that one."))


def check_can_change_suggestion(suggestion: Suggestion) -> None:
    if suggestion.report.status not in EDITABLE:
        raise Inapplicable(_("The report is submitted: the suggestion can no longer be edited, only its progress recorded."))


def check_can_progress(suggestion: Suggestion) -> None:
    if suggestion.report.status in EDITABLE:
        raise Inapplicable(_("Progress is recorded once the report is submitted."))


# --- helpers ----------------------------------------------------------------------------------

def _link(report) -> str:
    return reverse("reports:monthlyreport_detail", args=[report.pk])


def _people(role, province_id):
    return User.objects.filter(role=role, province_id=province_id, is_active=True)


# --- steps ------------------------------------------------------------------------------------

def report_open(by, *, province, jalali_year: int, jalali_month: int, narrative: str = "",
                no_activity_statement: str = "") -> MonthlyReport:
    """Start a province's report for a month: a draft whose figures are live."""
    with transaction.atomic():
        report = MonthlyReport(province=province, jalali_year=jalali_year, jalali_month=jalali_month,
                               narrative=narrative, no_activity_statement=no_activity_statement, created_by=by,
                               due_on=due_date(jalali_year, jalali_month))
        report.full_clean()
        report.save()
    return report


def report_submit(report: MonthlyReport, by) -> MonthlyReport:
    with transition(report, "report_submit", by, check_can_submit) as step:
        obj = step.obj
        snapshot, digest = selectors.freeze(obj)
        now = timezone.now()
        resubmitted = obj.status == ReportStatus.RETURNED
        step.set(status=ReportStatus.RESUBMITTED if resubmitted else ReportStatus.SUBMITTED, snapshot=snapshot,
                 snapshot_hash=digest, submitted_at=now, submitted_by=by,
                 first_submitted_at=obj.first_submitted_at or now)
        step.note(snapshot_hash=digest)
        with site_language():
            for manager in _people(Role.PROVINCIAL_MANAGER, obj.province_id):
                notify(manager, _("Monthly report to review: %(report)s") % {"report": obj},
                       _("The coordinator has submitted the report. Accept it or return it with your reasons."),
                       link=_link(obj))
    return step.obj


def report_return(report: MonthlyReport, by, *, reason: str) -> MonthlyReport:
    with transition(report, "report_return", by, check_can_review, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say what should be revised."))
        step.set(status=ReportStatus.RETURNED, return_reason=reason, returned_at=timezone.now(), returned_by=by)
        with site_language():
            notify(step.obj.submitted_by, _("Monthly report returned: %(report)s") % {"report": step.obj},
                   reason, link=_link(step.obj))
    return step.obj


def report_accept(report: MonthlyReport, by) -> MonthlyReport:
    with transition(report, "report_accept", by, check_can_review) as step:
        obj = step.obj
        if by.pk in (obj.submitted_by_id, obj.created_by_id):
            raise WorkflowError(_("You wrote this report, so someone else must accept it: the provincial manager."))
        step.set(status=ReportStatus.ACCEPTED, accepted_at=timezone.now(), accepted_by=by)
        with site_language():
            notify(obj.submitted_by, _("Monthly report accepted: %(report)s") % {"report": obj}, link=_link(obj))
    return step.obj


def report_lock(report: MonthlyReport, by) -> MonthlyReport:
    with transition(report, "report_lock", by, check_can_lock) as step:
        step.set(status=ReportStatus.LOCKED, locked_at=timezone.now())
    return step.obj


def report_reopen(report: MonthlyReport, by, *, reason: str) -> MonthlyReport:
    """A new version (a draft with live figures) of an accepted report; the old version and
    its snapshot stay as they are. Its suggestions move to the new version, frozen in the old
    one's snapshot."""
    with transition(report, "report_reopen", by, check_can_reopen, reason=reason) as step:
        if not reason.strip():
            raise WorkflowError(_("Say why the report is reopened."))
        old = step.obj
        new = MonthlyReport.objects.create(
            province=old.province, jalali_year=old.jalali_year, jalali_month=old.jalali_month, version=old.version + 1,
            previous=old, narrative=old.narrative, no_activity_statement=old.no_activity_statement, due_on=old.due_on,
            reopen_reason=reason, created_by=by,
        )
        old.suggestions.update(report=new)
        step.note(new_version=new.pk)
        with site_language():
            for coordinator in _people(Role.COORDINATOR, old.province_id):
                notify(coordinator, _("Monthly report reopened: %(report)s") % {"report": new}, reason, link=_link(new))
    return new


def suggestion_progress(suggestion: Suggestion, by, *, status: str, note: str = "") -> Suggestion:
    with transition(suggestion, "suggestion_progress", by, check_can_progress, status=status, note=note) as step:
        if status not in SuggestionStatus.values:
            raise WorkflowError(_("Choose one of the statuses."))
        step.set(status=status, status_note=note)
    return step.obj


# --- reminders (manage.py send_report_reminders) ---------------------------------------------

def send_report_reminders(today=None) -> int:
    """Tell coordinators of the last month's report: a few days before its deadline while it
    is not submitted, and once when it is missing. Idempotent (one message per key)."""
    from django.conf import settings

    today = today or timezone.localdate()
    year, month = jalali.previous_month(*jalali.month_of(today))
    due = due_date(year, month)
    if today > due:
        kind = "missing"
    elif (due - today).days <= settings.REPORT_REMINDER_DAYS:
        kind = "due"
    else:
        return 0
    submitted = set(MonthlyReport.objects.filter(jalali_year=year, jalali_month=month, first_submitted_at__isnull=False)
                    .values_list("province_id", flat=True))
    sent = 0
    with site_language():
        for coordinator in User.objects.filter(role=Role.COORDINATOR, is_active=True, province__isnull=False):
            if coordinator.province_id in submitted:
                continue
            month_name = jalali.format_month(year, month)
            if kind == "due":
                subject = _("The monthly report of %(month)s is due on %(date)s") % {
                    "month": month_name, "date": jalali.format_date_long(due)}
            else:
                subject = _("The monthly report of %(month)s is overdue (it was due on %(date)s)") % {
                    "month": month_name, "date": jalali.format_date_long(due)}
            key = f"report-{kind}-{coordinator.pk}-{jalali.month_key(year, month)}"
            if notify(coordinator, subject, link=reverse("reports:monthlyreport_list"), key=key):
                sent += 1
    return sent
