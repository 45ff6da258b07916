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
    """Provinces with an active coordinator today."""
    return set(User.objects.filter(role=Role.COORDINATOR, is_active=True, province__isnull=False)
               .values_list("province_id", flat=True))


TRACKED = ("role", "province", "is_active")


def _state(values: dict) -> dict:
    return {"role": values.get("role"), "province": values.get("province"), "is_active": values.get("is_active")}


def _coordinating(state: dict) -> int | None:
    """The province coordinated in this state, or None."""
    if state["role"] == Role.COORDINATOR and str(state["is_active"]) == "True" and state["province"] not in (None, "None", ""):
        return int(state["province"])
    return None


def coordinator_terms() -> dict[int, list[tuple[datetime.datetime, datetime.datetime | None]]]:
    """Who coordinated each province when: {province id: [(from, until or None)]}.

    The assignment history is the audit log of accounts (every change of a user's role,
    province or active flag, on pages, API, admin and scripts alike). A user's first term
    starts when they joined (`date_joined`: set it back for someone who was coordinator
    before their account existed); each later change starts or ends a term at its time. A
    user with no audit entries (loaded in bulk) counts as they are now, since they joined."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    users = {str(user.pk): user for user in User.objects.all().only("pk", "role", "province_id", "is_active",
                                                                     "date_joined")}
    entries: dict[str, list] = {}
    for entry in (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User))
                  .order_by("pk").only("object_pk", "action", "timestamp", "changes")):
        entries.setdefault(entry.object_pk, []).append(entry)
    terms: dict[int, list] = {}

    def add(province, start, end):
        if province is not None and (end is None or end > start):
            terms.setdefault(province, []).append((start, end))

    for key in set(users) | set(entries):
        user, history = users.get(key), entries.get(key, [])
        now_state = _state({"role": user.role, "province": user.province_id, "is_active": user.is_active}) if user else None
        if not history:
            if user is not None:
                add(_coordinating(now_state), user.date_joined, None)
            continue
        # The state before the first entry: its old values (a creation has none), else today's.
        first = history[0]
        state = dict(now_state or {"role": None, "province": None, "is_active": None})
        for entry in reversed(history):
            changes = entry.changes_dict or {}
            for name in TRACKED:
                if isinstance(changes.get(name), list | tuple):
                    state[name] = changes[name][0]
        start = user.date_joined if user is not None else first.timestamp
        if first.action == LogEntry.Action.CREATE:
            state = {"role": None, "province": None, "is_active": None}
        for entry in history:
            changes = entry.changes_dict or {}
            moment = min(entry.timestamp, start) if entry is first and entry.action == LogEntry.Action.CREATE \
                else entry.timestamp
            before = _coordinating(state)
            if entry.action == LogEntry.Action.DELETE:
                add(before, start, moment)
                state = {"role": None, "province": None, "is_active": None}
                start = moment
                continue
            for name in TRACKED:
                if isinstance(changes.get(name), list | tuple):
                    state[name] = changes[name][1]
            after = _coordinating(state)
            if after != before:
                add(before, start, moment)
                start = moment
        add(_coordinating(state), start, None)
    return terms


def expected_by_month(year: int) -> list[set[int]]:
    """For each month of the Jalali year, the provinces that had a coordinator at some time in
    it (so were expected to report): who was coordinator then, not today."""
    zone = timezone.get_current_timezone()
    terms = coordinator_terms()
    result = []
    for month in range(1, 13):
        first, last = jalali.month_bounds(year, month)
        start = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
        end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
        result.append({province for province, spans in terms.items()
                       if any(begin < end and (until is None or until > start) for begin, until in spans)})
    return result


def timeliness(user, year: int, today: datetime.date | None = None) -> Grid:
    """Provinces (those the user sees) × the Jalali year's months. A province is expected to
    report a month only if it had a coordinator in that month (coordinator_terms), and only
    expected provinces are counted, so the rate never exceeds 100 %."""
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
    expected = expected_by_month(year)
    grid = Grid(year, [(month, jalali.MONTHS_FA[month - 1]) for month in range(1, 13)])
    counts = [[0, 0, 0] for _ in range(12)]
    for province in provinces:
        cells = []
        for month in range(1, 13):
            report = reports.get((province.pk, month))
            is_expected = province.pk in expected[month - 1]
            cell = cell_for(report, year, month, today, is_expected)
            cells.append(cell)
            if is_expected and today > cell.due_on:
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
