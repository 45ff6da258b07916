from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core import display, jalali
from core.audit import audit_export
from core.charts import Chart, Series
from core.db import read_replica
from core.exports import xlsx_response
from core.money import unit_for
from core.pdf import pdf_response, render_pdf
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView, ScopedViewMixin
from geo.maps import province_shapes
from notifications.services import site_language

from . import national, selectors, workflows
from .choices import EDITABLE, FROZEN, Timeliness
from .filters import MonthlyReportFilterSet, SuggestionFilterSet
from .forms import MonthlyReportForm, SuggestionForm
from .models import MonthlyReport, Suggestion
from .tables import MonthlyReportTable, SuggestionTable


def report_context(report: MonthlyReport, user, *, frozen_suggestions: bool = False) -> dict:
    """What the report page and its PDF show (one selector, two renderings)."""
    unit = unit_for(user)
    sections = selectors.report_sections(report)
    shown = [
        {"title": section["title"], "figures": [
            {"label": figure["label"], "text": selectors.figure_text(figure, unit), "url": figure.get("url", ""),
             "value": figure["value"]} for figure in section["figures"]]}
        for section in sections
    ]
    snapshot = report.snapshot if report.status in FROZEN else None
    if frozen_suggestions and snapshot:
        suggestions, previous = snapshot["suggestions"], snapshot["previous_suggestions"]
    else:
        suggestions = [selectors.suggestion_data(s) for s in report.suggestions.order_by("due_date", "pk")]
        previous = [selectors.suggestion_data(s) for s in selectors.previous_suggestions(report)]
    previous_report, changes = selectors.changed_since_accepted(report)
    return {
        "report": report,
        "sections": shown,
        "has_activity": selectors.has_activity(sections),
        "frozen": snapshot is not None,
        "compiled_at": snapshot.get("compiled_at") if snapshot else "",
        "suggestions": suggestions,
        "previous_suggestions": previous,
        "previous_report": previous_report,
        "changes": [{"section": c.section, "label": c.label,
                     "accepted": selectors.figure_text({"value": c.accepted, "unit": c.unit}, unit),
                     "now": selectors.figure_text({"value": c.now, "unit": c.unit}, unit), "url": c.url}
                    for c in changes],
        "due_on": jalali.format_date_long(report.due_on),
    }


class MonthlyReportListView(ObjectListView):
    model = MonthlyReport
    table_class = MonthlyReportTable
    filterset_class = MonthlyReportFilterSet
    export_filename = "monthly-reports"
    search_placeholder = gettext_lazy("Province, narrative…")
    related_lists = (
        ("reports:suggestion_list", "reports.view_suggestion", gettext_lazy("Corrective suggestions")),
        ("reports:timeliness", "reports.view_monthlyreport", gettext_lazy("Timeliness")),
        ("reports:national", "reports.view_national_picture", gettext_lazy("The national picture")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("province")


class MonthlyReportDetailView(ObjectDetailView):
    model = MonthlyReport
    workflow = workflows.REPORT

    def get_fields(self):
        report = self.object
        fields = ["province", "status", "due_on"]
        if report.version > 1:
            fields += ["version", "previous", "reopen_reason"]
        if report.first_submitted_at:
            fields += ["first_submitted_at", "submitted_at", "submitted_by"]
        if report.return_reason:
            fields += ["return_reason", "returned_by"]
        if report.accepted_at:
            fields += ["accepted_by", "accepted_at"]
        if report.locked_at:
            fields += ["locked_at"]
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        context.update(report_context(report, user))
        context["versions"] = self.versions(report)
        context["add_suggestion_url"] = (
            f"{reverse('reports:suggestion_create')}?report={report.pk}"
            if report.status in EDITABLE and user.has_perm("reports.add_suggestion") else None)
        return context

    def versions(self, report):
        chain, current = [], report
        while current.previous_id:
            current = current.previous
            chain.append(current)
        later = report
        while True:
            later = MonthlyReport.objects.filter(previous=later).first()
            if later is None:
                break
            chain.insert(0, later)
        return sorted(chain, key=lambda r: r.version)


class MonthlyReportCreateView(ObjectCreateView):
    model = MonthlyReport
    form_class = MonthlyReportForm
    workflow = workflows.REPORT
    success_message = gettext_lazy("The report is open. Its figures are compiled live until you submit it.")


class MonthlyReportUpdateView(ObjectUpdateView):
    model = MonthlyReport
    form_class = MonthlyReportForm
    workflow = workflows.REPORT


class MonthlyReportPdfView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """The report as a Persian A4 PDF, with the frozen figures once submitted."""

    model = MonthlyReport

    @read_replica()
    def get(self, request, *args, **kwargs):
        report = self.get_object()
        with site_language():
            context = report_context(report, request.user, frozen_suggestions=True)
            context.update(printed=jalali.format_date_long(timezone.localdate()), status=report.get_status_display())
            content = render_pdf("reports/monthlyreport_pdf.html", context)
        return pdf_response(content, f"monthly-report-{report.province.code}-{report.period}-v{report.version}.pdf")


class MonthlyReportXlsxView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """The report's figures (frozen once submitted) as a right-to-left sheet; money in rials."""

    model = MonthlyReport
    permission_action = "export"

    @read_replica()
    def get(self, request, *args, **kwargs):
        report = self.get_object()
        rows = []
        for section in selectors.report_sections(report):
            for figure in section["figures"]:
                rows.append([section["title"], figure["label"], figure["value"],
                             _("rial") if figure.get("unit") == "rial" else ""])
        rows.append(["", "", "", ""])
        rows.append([_("Status"), str(report.get_status_display()), "", ""])
        if report.snapshot_hash:
            rows.append([_("SHA-256 of the frozen figures"), report.snapshot_hash, "", ""])
        rows.append([_("narrative"), report.narrative, "", ""])
        if report.no_activity_statement:
            rows.append([_("no activity statement"), report.no_activity_statement, "", ""])
        for suggestion in report.suggestions.order_by("due_date", "pk"):
            rows.append([_("corrective suggestion"), suggestion.what, suggestion.to_whom,
                         f"{jalali.format_date(suggestion.due_date)} — {suggestion.get_status_display()}"])
        audit_export(MonthlyReport, request.user, len(rows), {"report": report.pk})
        header = [_("Section"), _("Figure"), _("Value"), _("Unit")]
        return xlsx_response(f"monthly-report-{report.province.code}-{report.period}", report.month_label, header, rows)


class TimelinessView(ScopedViewMixin, generic.TemplateView):
    """Provinces × Jalali months: not due, open, missing, on time, late, returned, accepted; a
    province without a coordinator is not expected to report."""

    model = MonthlyReport
    template_name = "reports/timeliness.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = jalali.month_of(timezone.localdate())[0]
        year = requested_year(self.request)
        grid = selectors.timeliness(self.request.user, year)
        rates = timeliness_rates(grid)
        context.update(grid=grid, rates=rates, year=year, year_text=display.digits(year),
                       previous_year=year - 1, next_year=year + 1 if year < this_year + 1 else None,
                       states=list(Timeliness), title=_("Timeliness of monthly reports"))
        return context


def requested_year(request) -> int:
    this_year = jalali.month_of(timezone.localdate())[0]
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    return min(max(year, this_year - 10), this_year + 1)


def map_shapes(picture) -> tuple[dict, list[dict]]:
    """The Iran map of the picture's province totals: one path per province, coloured by level."""
    shapes = province_shapes()
    rows = {row.province.code: row for row in picture.rows}
    unit = picture.measure.unit
    paths = []
    for code, shape in shapes["provinces"].items():
        row = rows.get(code)
        paths.append({
            "code": code, "d": shape["d"], "x": shape["label"][0], "y": shape["label"][1],
            "shown": row is not None, "level": row.total_level if row else None,
            "value": row.total if row else None,
            "name": row.province.name if row else "",
            "title": (f"{row.province.name}: {display.number(row.total)} {unit}" if row else ""),
        })
    return {"width": shapes["width"], "height": shapes["height"]}, paths


class NationalPictureView(ScopedViewMixin, generic.TemplateView):
    """The national picture: provinces × areas for one measure, coloured by level with the
    numbers written in each cell; the Iran map of the province totals; the timeliness grid."""

    model = MonthlyReport
    template_name = "reports/national.html"

    def get_permission_required(self):
        return ("reports.view_national_picture",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        this_year = jalali.month_of(timezone.localdate())[0]
        year = requested_year(self.request)
        key = self.request.GET.get("measure", "")
        if key not in national.MEASURE:
            key = national.MEASURES[0].key
        picture = national.national_picture(user, key, year)
        frame, paths = map_shapes(picture)
        grid = selectors.timeliness(user, year)
        chart = Chart(_("%(measure)s by area, all provinces shown") % {"measure": picture.measure.label},
                      [area.name for area in picture.areas],
                      [Series(picture.measure.label, picture.area_totals)], unit=str(picture.measure.unit))
        context.update(
            title=_("The national picture"), year=year, year_text=display.digits(year), picture=picture,
            measures=[{"key": m.key, "label": m.label, "current": m.key == key} for m in national.MEASURES],
            previous_year=year - 1, next_year=year + 1 if year < this_year + 1 else None,
            frame=frame, paths=paths, grid=grid, rates=timeliness_rates(grid), chart=chart,
            states=list(Timeliness),
            # The challenges' national roll-up (challenges sits above reports: linked by name only).
            rollup_url=url_or_none("challenges:rollup") if user.has_perm("challenges.view_national_rollup") else None,
        )
        return context


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def timeliness_rates(grid) -> list[dict]:
    return [{
        "expected": expected, "submitted": submitted, "on_time": on_time,
        "rate": display.number(round(100 * submitted / expected)) if expected else "",
        "on_time_rate": display.number(round(100 * on_time / expected)) if expected else "",
    } for expected, submitted, on_time in grid.rates]


class SuggestionListView(ObjectListView):
    model = Suggestion
    table_class = SuggestionTable
    filterset_class = SuggestionFilterSet
    export_filename = "suggestions"
    search_placeholder = gettext_lazy("What, to whom…")

    def get_queryset(self):
        return super().get_queryset().select_related("report__province")


class SuggestionDetailView(ObjectDetailView):
    model = Suggestion
    workflow = workflows.SUGGESTION
    fields = ("report", "what", "to_whom", "due_date", "status", "status_note", "created_by")


class SuggestionCreateView(ObjectCreateView):
    model = Suggestion
    form_class = SuggestionForm
    prefill_from_query = ("report",)

    def get_success_url(self):
        return self.object.report.get_absolute_url()


class SuggestionUpdateView(ObjectUpdateView):
    model = Suggestion
    form_class = SuggestionForm
    workflow = workflows.SUGGESTION
