"""The monthly report and suggestion workflows (D11), declared once: pages, API endpoints and
the detail pages' buttons come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.forms import ConfirmForm, ReasonForm
from core.workflow import Link, Step, Workflow

from . import services
from .forms import SuggestionProgressForm
from .models import MonthlyReport, Suggestion

REPORT = Workflow(
    MonthlyReport,
    create=services.report_open,
    edit_guard=services.check_can_change,
    steps=[
        Step("submit", _("Submit to the provincial manager"), services.report_submit, ConfirmForm,
             guard=services.check_can_submit, title=_("Submit the monthly report"), button="btn-success",
             confirm_label=_("Submit"),
             done=_("Submitted. The figures are frozen as they are now; the provincial manager has been told."),
             description="Freeze the figures (snapshot and SHA-256) and send the report for review."),
        Step("return", _("Return for revision"), services.report_return, ReasonForm, permission="review",
             guard=services.check_can_review, title=_("Return the report for revision"), button="btn-outline-danger",
             confirm_label=_("Return"), done=_("Returned; the coordinator has been told what to revise.")),
        Step("accept", _("Accept"), services.report_accept, ConfirmForm, permission="review",
             guard=services.check_can_review, title=_("Accept the monthly report"), button="btn-success",
             done=_("Accepted."), description="Accept a submitted report (409 when the caller submitted it)."),
        Step("lock", _("Lock"), services.report_lock, ConfirmForm, guard=services.check_can_lock,
             title=_("Lock the monthly report"), button="btn-outline-secondary",
             done=_("Locked. Only a national admin can reopen it, as a new version.")),
        Step("reopen", _("Reopen as a new version"), services.report_reopen, ReasonForm,
             guard=services.check_can_reopen, title=_("Reopen the monthly report"), button="btn-outline-danger",
             confirm_label=_("Reopen"), done=lambda report, user: _(
                 "Version %(version)s is open as a draft; the earlier version stays as it was.")
             % {"version": jalali.to_persian_digits(str(report.version))},
             description="National admins: make a new draft version; returns the new version."),
    ],
    links=[
        Link("reports:monthlyreport_pdf", _("PDF"), permission="view"),
        Link("reports:monthlyreport_xlsx", _("Excel (XLSX)"), permission="export"),
    ],
)

SUGGESTION = Workflow(
    Suggestion,
    edit_guard=services.check_can_change_suggestion,
    steps=[
        Step("progress", _("Record progress"), services.suggestion_progress, SuggestionProgressForm,
             guard=services.check_can_progress, title=_("Record progress on the suggestion"), button="btn-primary",
             initial=lambda suggestion: {"status": suggestion.status, "note": suggestion.status_note},
             done=_("Progress recorded.")),
    ],
)
