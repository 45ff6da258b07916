from datetime import date, datetime

from ninja import Field, Query, Router, Schema

from core import jalali
from core.api import READ_ERRORS, crud_router, require_perm

from . import selectors, workflows
from .filters import MonthlyReportFilterSet, SuggestionFilterSet
from .forms import MonthlyReportForm, SuggestionForm
from .models import MonthlyReport, Suggestion


class FigureOut(Schema):
    key: str
    label: str
    value: int
    unit: str = Field(description="“rial” for money, empty for a count")
    url: str = Field(description="The list page of the records behind the figure")


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]


class MonthlyReportOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    jalali_year: int
    jalali_month: int
    period: str = Field(description="Jalali month key, e.g. 1405-07")
    version: int
    previous: int | None = Field(alias="previous_id", description="The earlier version, when reopened")
    status: str = Field(description="draft, submitted, returned, resubmitted, accepted or locked")
    due_on: date
    due_on_jalali: str
    narrative: str
    no_activity_statement: str
    sections: list[SectionOut] = Field(description="Frozen figures once submitted; live figures while a draft")
    snapshot: dict | None = Field(description="Everything as submitted (figures, text, suggestions); null while a draft")
    snapshot_hash: str = Field(description="SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces)")
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    submitted_by: int | None = Field(alias="submitted_by_id")
    return_reason: str
    accepted_at: datetime | None
    accepted_by: int | None = Field(alias="accepted_by_id")
    locked_at: datetime | None
    reopen_reason: str

    @staticmethod
    def resolve_due_on_jalali(obj):
        return jalali.format_date(obj.due_on, persian_digits=False)

    @staticmethod
    def resolve_sections(obj):
        return selectors.report_sections(obj)


class MonthlyReportIn(Schema):
    province: int
    jalali_year: int = Field(description="Jalali year, e.g. 1405")
    jalali_month: int = Field(description="1 (Farvardin) … 12 (Esfand)")
    narrative: str = ""
    no_activity_statement: str = ""


router = crud_router(
    model=MonthlyReport, out_schema=MonthlyReportOut, in_schema=MonthlyReportIn, form_class=MonthlyReportForm,
    filterset_class=MonthlyReportFilterSet, tags=["monthly reports"], workflow=workflows.REPORT,
    queryset=lambda request: MonthlyReport.objects.select_related("province"),
)


class TimelinessCellOut(Schema):
    month: int
    state: str = Field(description="not_expected, not_due, open, missing, on_time, late, returned or accepted")
    report: int | None
    due_on: date | None


class TimelinessRowOut(Schema):
    province: int
    province_name: str
    cells: list[TimelinessCellOut]


class TimelinessOut(Schema):
    year: int
    rows: list[TimelinessRowOut]


timeliness_router = Router(tags=["monthly reports"])


@timeliness_router.get("", response={200: TimelinessOut, **READ_ERRORS}, operation_id="monthlyreport_timeliness")
def timeliness(request, year: int = Query(..., ge=1390, le=1500)):
    """Provinces × months of a Jalali year; provinces without a coordinator are not expected."""
    require_perm(request, MonthlyReport, "view")
    grid = selectors.timeliness(request.user, year)
    return {"year": year, "rows": [
        {"province": province.pk, "province_name": province.name, "cells": [
            {"month": month, "state": cell.state, "report": cell.report.pk if cell.report else None,
             "due_on": cell.due_on} for month, cell in enumerate(cells, start=1)]}
        for province, cells in grid.rows]}


class SuggestionOut(Schema):
    id: int
    report: int = Field(alias="report_id")
    what: str
    to_whom: str
    due_date: date
    due_date_jalali: str
    status: str = Field(description="open, in_progress, done or dropped")
    status_note: str

    @staticmethod
    def resolve_due_date_jalali(obj):
        return jalali.format_date(obj.due_date, persian_digits=False)


class SuggestionIn(Schema):
    report: int = Field(description="A report still being written (draft or returned)")
    what: str
    to_whom: str
    due_date: str = Field(description="Jalali (1405/09/10) or ISO date; today or later.")


suggestions = crud_router(
    model=Suggestion, out_schema=SuggestionOut, in_schema=SuggestionIn, form_class=SuggestionForm,
    filterset_class=SuggestionFilterSet, tags=["corrective suggestions"], workflow=workflows.SUGGESTION,
)

ROUTERS = [("/monthly-reports/timeliness", timeliness_router), ("/monthly-reports", router),
           ("/suggestions", suggestions)]
