"""Read-side functions of monthly reports: compiling a province's month from every app's
registered section (core.registry), the frozen snapshot, what the next report shows of the
last one, and the timeliness grid. Views, API, PDF and XLSX all call these."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import User
from core import display, jalali
from core.registry import registry
from core.roles import Role
from geo.models import Province

from .choices import FROZEN, ReportStatus, SuggestionStatus, Timeliness
from .models import MonthlyReport, Suggestion, snapshot_hash

SNAPSHOT_FORMAT = 1


# --- compiling -----------------------------------------------------------------------------

def live_sections(province, year: int, month: int) -> list[dict]:
    """Every registered app's section for the month, as plain data (the snapshot's shape)."""
    return [
        {
            "key": section.key or str(section.title),
            "title": str(section.title),
            "figures": [
                {"key": figure.key or str(figure.label), "label": str(figure.label), "value": int(figure.value),
                 "unit": figure.unit, "url": figure.url}
                for figure in section.figures
            ],
        }
        for section in registry.monthly_sections(province, year, month)
    ]


def report_live_sections(report: MonthlyReport) -> list[dict]:
    """The report's live figures, compiled once per loaded report object: a page's buttons
    (the submit guard) and its body share them; a workflow step loads the row afresh and
    compiles again."""
    cached = report.__dict__.get("_live_sections")
    if cached is None:
        cached = report.__dict__["_live_sections"] = live_sections(report.province, report.jalali_year,
                                                                   report.jalali_month)
    return cached


def has_activity(sections: list[dict]) -> bool:
    return any(figure["value"] for section in sections for figure in section["figures"])


def suggestion_data(suggestion: Suggestion) -> dict:
    return {
        "id": suggestion.pk, "what": suggestion.what, "to_whom": suggestion.to_whom,
        "due_date": suggestion.due_date.isoformat(), "due_date_jalali": jalali.format_date(suggestion.due_date, False),
        "status": suggestion.status, "status_label": str(suggestion.get_status_display()),
        "status_note": suggestion.status_note,
    }


def previous_report(report: MonthlyReport) -> MonthlyReport | None:
    """The latest version of the province's report for the month before."""
    year, month = jalali.previous_month(report.jalali_year, report.jalali_month)
    return (MonthlyReport.objects.filter(province_id=report.province_id, jalali_year=year, jalali_month=month)
            .order_by("-version").first())


def previous_suggestions(report: MonthlyReport) -> list[Suggestion]:
    """Last month's corrective suggestions, with what became of them."""
    previous = previous_report(report)
    return list(previous.suggestions.order_by("due_date", "pk")) if previous else []


def build_snapshot(report: MonthlyReport) -> dict:
    """The figures and text as submitted, in the programme's language (Persian), whatever
    the submitter's screen language: the record people approve."""
    with translation.override(settings.LANGUAGE_CODE):
        sections = live_sections(report.province, report.jalali_year, report.jalali_month)
        return {
            "format": SNAPSHOT_FORMAT,
            "province": {"code": report.province.code, "name": report.province.name},
            "period": report.period,
            "year": report.jalali_year,
            "month": report.jalali_month,
            "version": report.version,
            "compiled_at": timezone.now().isoformat(timespec="seconds"),
            "sections": sections,
            "narrative": report.narrative,
            "no_activity_statement": report.no_activity_statement,
            "suggestions": [suggestion_data(s) for s in report.suggestions.order_by("due_date", "pk")],
            "previous_suggestions": [suggestion_data(s) for s in previous_suggestions(report)],
        }


def freeze(report: MonthlyReport) -> tuple[dict, str]:
    snapshot = build_snapshot(report)
    return snapshot, snapshot_hash(snapshot)


def report_sections(report: MonthlyReport) -> list[dict]:
    """What the report shows: frozen figures once submitted, live ones while a draft."""
    if report.status in FROZEN and report.snapshot:
        return report.snapshot["sections"]
    return report_live_sections(report)


def figure_text(figure: dict, money_unit: str = "toman") -> str:
    if figure.get("unit") == "rial":
        return display.money(figure["value"], money_unit)
    return display.number(figure["value"])


@dataclass
class Change:
    section: str
    label: str
    accepted: int
    now: int
    unit: str = ""
    url: str = ""


def changed_since_accepted(report: MonthlyReport) -> tuple[MonthlyReport | None, list[Change]]:
    """Figures of last month's accepted report that no longer match what is logged (records
    added, edited or deleted after acceptance)."""
    previous = previous_report(report)
    if previous is None or previous.status not in (ReportStatus.ACCEPTED, ReportStatus.LOCKED) or not previous.snapshot:
        return previous, []
    live = {
        (section["key"], figure["key"]): figure
        for section in live_sections(previous.province, previous.jalali_year, previous.jalali_month)
        for figure in section["figures"]
    }
    changes = []
    for section in previous.snapshot["sections"]:
        for figure in section["figures"]:
            now = live.get((section["key"], figure["key"]))
            value = now["value"] if now else 0
            if value != figure["value"]:
                changes.append(Change(section["title"], figure["label"], figure["value"], value, figure.get("unit", ""),
                                      now["url"] if now else ""))
    return previous, changes


# --- timeliness -----------------------------------------------------------------------------

@dataclass
class Cell:
    state: str
    report: MonthlyReport | None = None
    due_on: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(Timeliness(self.state).label)


@dataclass
class Grid:
    year: int
    months: list[tuple[int, str]]
    rows: list[tuple[Province, list[Cell]]] = field(default_factory=list)
    # Per month: (expected, submitted, on time) — submitted counts only expected provinces.
    rates: list[tuple[int, int, int]] = field(default_factory=list)


def submitted_on_time(report: MonthlyReport) -> bool:
    """On time is judged by the first submission, whatever happened after."""
    first = timezone.localtime(report.first_submitted_at).date()
    return first <= report.due_on


def cell_for(report: MonthlyReport | None, year: int, month: int, today: datetime.date, expected: bool) -> Cell:
    from .deadlines import due_date

    due = report.due_on if report else due_date(year, month)
    _first, last = jalali.month_bounds(year, month)
    if report is not None and report.first_submitted_at is not None:
        if report.status == ReportStatus.RETURNED:
            return Cell(Timeliness.RETURNED, report, due)
        if report.status in (ReportStatus.ACCEPTED, ReportStatus.LOCKED):
            return Cell(Timeliness.ACCEPTED, report, due)
        return Cell(Timeliness.ON_TIME if submitted_on_time(report) else Timeliness.LATE, report, due)
    if not expected:
        return Cell(Timeliness.NOT_EXPECTED, report, due)
    if today <= last:
        return Cell(Timeliness.NOT_DUE, report, due)
    if today <= due:
        return Cell(Timeliness.OPEN, report, due)
    return Cell(Timeliness.MISSING, report, due)


def provinces_with_coordinator() -> set[int]:
    return set(User.objects.filter(role=Role.COORDINATOR, is_active=True, province__isnull=False)
               .values_list("province_id", flat=True))


def timeliness(user, year: int, today: datetime.date | None = None) -> Grid:
    """Provinces (those the user sees) × the Jalali year's months. A province without an
    active coordinator is not expected to report, so the rate never exceeds 100 %."""
    today = today or timezone.localdate()
    provinces = list(Province.objects.all().order_by("name") if user.has_national_scope
                     else Province.objects.filter(pk=user.province_id))
    reports = {}
    for report in (MonthlyReport.objects.visible_to(user).filter(jalali_year=year)
                   .order_by("province_id", "jalali_month", "version")):
        # The first version decides timeliness; a later version (reopened) its current state.
        first = reports.setdefault((report.province_id, report.jalali_month), report)
        if report is not first:
            report.first_submitted_at = first.first_submitted_at
            report.due_on = first.due_on
            reports[(report.province_id, report.jalali_month)] = report
    expected = provinces_with_coordinator()
    grid = Grid(year, [(month, jalali.MONTHS_FA[month - 1]) for month in range(1, 13)])
    counts = [[0, 0, 0] for _ in range(12)]
    for province in provinces:
        cells = []
        for month in range(1, 13):
            report = reports.get((province.pk, month))
            cell = cell_for(report, year, month, today, province.pk in expected)
            cells.append(cell)
            if province.pk in expected and today > cell.due_on:
                counts[month - 1][0] += 1
                if report is not None and report.first_submitted_at is not None:
                    counts[month - 1][1] += 1
                    counts[month - 1][2] += submitted_on_time(report)
        grid.rows.append((province, cells))
    grid.rates = [tuple(c) for c in counts]
    return grid


def open_suggestions(province) -> int:
    return Suggestion.objects.filter(report__province=province,
                                     status__in=[SuggestionStatus.OPEN, SuggestionStatus.IN_PROGRESS]).count()
