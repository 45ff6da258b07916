from django.test import TestCase

from core.roles import Role
from core.testing import ScopeChecks
from reports.choices import ReportStatus
from reports.models import MonthlyReport, Suggestion
from reports.testing import make_report, make_suggestion


class MonthlyReportScopeTests(ScopeChecks, TestCase):
    model = MonthlyReport
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update", "submit", "pdf", "xlsx")
    collection_actions = ("list", "create")
    get_only_actions = ("detail", "pdf", "xlsx")
    api_path = "/api/monthly-reports"
    api_extra_paths = ("/api/monthly-reports/timeliness?year=1405",)
    api_actions = {"submit": {}}
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_report(province)

    def api_payload(self, province):
        return {"province": province.pk, "jalali_year": 1405, "jalali_month": 6, "narrative": "روایت"}


class ReviewScopeTests(ScopeChecks, TestCase):
    """The manager's steps on a submitted report, and the national admin's reopening."""

    model = MonthlyReport
    allowed_role = Role.PROVINCIAL_MANAGER
    object_actions = ("detail", "return", "accept")
    collection_actions = ("list",)
    api_path = "/api/monthly-reports"
    api_actions = {"return": {"reason": "کامل کنید"}, "accept": {}}

    @classmethod
    def make_object(cls, province):
        return make_report(province, status=ReportStatus.SUBMITTED)


class SuggestionScopeTests(ScopeChecks, TestCase):
    model = Suggestion
    allowed_role = Role.COORDINATOR
    forbidden_role = Role.AMBASSADOR
    viewer_role = Role.BOARD_MEMBER
    object_actions = ("detail", "update")
    collection_actions = ("list", "create")
    api_path = "/api/suggestions"
    exportable = True

    @classmethod
    def make_object(cls, province):
        return make_suggestion(province)

    def api_payload(self, province):
        report = MonthlyReport.objects.filter(province=province).first()
        return {"report": report.pk, "what": "کارگاه بیشتر", "to_whom": "مدیر استان", "due_date": "1406/01/15"}


class SuggestionProgressScopeTests(ScopeChecks, TestCase):
    model = Suggestion
    allowed_role = Role.PROVINCIAL_MANAGER
    object_actions = ("detail", "progress")
    api_path = "/api/suggestions"
    api_actions = {"progress": {"status": "in_progress", "note": "در جریان"}}

    @classmethod
    def make_object(cls, province):
        return make_suggestion(report=make_report(province, status=ReportStatus.SUBMITTED))
