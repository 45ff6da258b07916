from datetime import date, datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from ninja import Field, Schema, Status
from ninja import File as UploadedFile
from ninja.files import UploadedFile as UploadedFileType

from core import jalali
from core.api import READ_ERRORS, WRITE_ERRORS, FormValidationError, crud_router, get_visible, require_perm
from core.exports import XLSX_CONTENT_TYPE

from . import importer, services, workflows
from .choices import VerificationStatus
from .filters import (
    EntryExtensionFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    PeriodVerificationFilterSet,
    ValueImportFilterSet,
    WebsiteFilterSet,
)
from .forms import (
    EntryExtensionForm,
    ImportForm,
    IndicatorForm,
    IndicatorValueForm,
    PeriodVerificationForm,
    WebsiteForm,
)
from .models import (
    EntryExtension,
    Indicator,
    IndicatorValue,
    PeriodVerification,
    ValueImport,
    Website,
    verified_periods,
)


class IndicatorOut(Schema):
    id: int
    name: str
    area: int | None = Field(alias="area_id")
    unit: str
    period_type: str = Field(description="month, quarter or year (Jalali)")
    scope: str = Field(description="national or provincial")
    province: int | None = Field(alias="province_id")
    min_value: Decimal | None
    max_value: Decimal | None
    description: str
    active: bool


class IndicatorIn(Schema):
    name: str
    area: int | None = None
    unit: str
    period_type: str = Field(description="month, quarter or year")
    scope: str = Field("provincial", description="national (national admins only) or provincial")
    province: int | None = None
    min_value: str = Field("", description="Smallest plausible value.")
    max_value: str = Field("", description="Largest plausible value.")
    description: str = ""
    active: bool = True


class IndicatorValueOut(Schema):
    id: int
    indicator: int = Field(alias="indicator_id")
    province: int = Field(alias="province_id")
    county: int | None = Field(alias="county_id")
    period: str = Field(alias="period_key", description="1404-07 (month), 1404-Q3 (quarter) or 1404 (year)")
    period_start: date
    period_start_jalali: str
    value: Decimal | None = Field(description="Null when not available; never zero for a missing figure.")
    not_available: bool
    not_available_reason: str
    comment: str
    source_kind: str = Field(description="organization or website")
    organization: int | None = Field(alias="organization_id")
    letter_number: str
    letter_date: date | None
    website: int | None = Field(alias="website_id")
    url: str
    retrieved_on: date | None
    has_scan: bool
    verified: bool = Field(description="The province's values of this period are verified (locked until reopened).")

    @staticmethod
    def resolve_period_start_jalali(obj):
        return jalali.format_date(obj.period_start, persian_digits=False)

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.letter_scan)

    @staticmethod
    def resolve_verified(obj):
        flag = getattr(obj, "period_verified", None)  # annotated on lists (one query, not one per row)
        return bool(flag) if flag is not None else bool(verified_periods([(obj.province_id, obj.period_key)]))


class IndicatorValueIn(Schema):
    indicator: int
    province: int
    county: int | None = None
    period_year: int = Field(description="Jalali year, e.g. 1404.")
    period_part: str = Field("", description="1–12 for a month, Q1–Q4 for a season, empty for a year.")
    value: str = Field("", description="The figure; empty when not available.")
    not_available: bool = False
    not_available_reason: str = ""
    comment: str = Field("", description="Required when the value is outside the plausible range or far from the series.")
    source_kind: str = Field(description="organization or website")
    organization: int | None = None
    letter_number: str = ""
    letter_date: str = Field("", description="Jalali (1404/07/15) or ISO date.")
    website: int | None = None
    url: str = ""
    retrieved_on: str = Field("", description="Jalali (1404/07/15) or ISO date.")


class WebsiteOut(Schema):
    id: int
    name: str
    url: str
    kind: str = Field(description="official, partner or social")
    province: int | None = Field(alias="province_id")
    areas: list[int]
    owner: int | None = Field(alias="owner_id")
    publishes: str
    last_checked_on: date | None
    checked_by: int | None = Field(alias="checked_by_id")
    stale: bool
    notes: str

    @staticmethod
    def resolve_areas(obj):
        return [area.pk for area in obj.areas.all()]

    @staticmethod
    def resolve_stale(obj):
        return obj.is_stale


class WebsiteIn(Schema):
    name: str
    url: str
    kind: str = "official"
    province: int | None = None
    areas: list[int] = []
    owner: int | None = None
    publishes: str
    notes: str = ""


indicators = crud_router(model=Indicator, out_schema=IndicatorOut, in_schema=IndicatorIn, form_class=IndicatorForm,
                         filterset_class=IndicatorFilterSet, tags=["statistics"])
def _values(request):
    verified = PeriodVerification.objects.filter(province=OuterRef("province"), period_key=OuterRef("period_key"),
                                                 status=VerificationStatus.VERIFIED)
    return IndicatorValue.objects.annotate(period_verified=Exists(verified))


values = crud_router(model=IndicatorValue, out_schema=IndicatorValueOut, in_schema=IndicatorValueIn,
                     form_class=IndicatorValueForm, filterset_class=IndicatorValueFilterSet, tags=["statistics"],
                     workflow=workflows.VALUE, queryset=_values)
websites = crud_router(model=Website, out_schema=WebsiteOut, in_schema=WebsiteIn, form_class=WebsiteForm,
                       filterset_class=WebsiteFilterSet, tags=["statistics"], workflow=workflows.WEBSITE,
                       queryset=lambda request: Website.objects.prefetch_related("areas"))



class RejectedRowOut(Schema):
    line: int = Field(description="The row's line in the file (the header is line 1).")
    reason: str = Field(description="Why it was not saved, in Persian.")


class ValueImportOut(Schema):
    id: int
    original_name: str
    province: int | None = Field(alias="province_id", description="The uploader's province; null for a national admin.")
    status: str = Field(description="queued, running, done, failed or cancelled")
    created_rows: int
    updated_rows: int
    unchanged_rows: int
    rejected_rows: int
    rejected: list[RejectedRowOut] = Field(description="Every rejected row with its line and reason (at most 5,000); "
                                                       "the rows' cells are in the `/rejected` workbook.")
    error: str = Field(description="Why it failed, in Persian (status failed).")
    cancel_requested: bool = Field(description="A cancel was asked of the running import; it ends cancelled, "
                                               "nothing saved.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    actions: list[str] = Field(default_factory=list, description="The steps this user may take now (cancel): the "
                                                                 "page's buttons, from the same guard.")

    @staticmethod
    def resolve_actions(obj, context):
        user = context["request"].user
        return [step.name for step in workflows.VALUE_IMPORT.steps
                if user.has_perm(f"indicators.{step.action}_valueimport") and step.refusal(obj) is None]

    @staticmethod
    def resolve_rejected(obj):
        return [{"line": item["line"], "reason": item["reason"]} for item in obj.rejects]


imports = crud_router(model=ValueImport, out_schema=ValueImportOut, filterset_class=ValueImportFilterSet,
                      tags=["statistics"], workflow=workflows.VALUE_IMPORT)


def _require_import(request) -> None:
    require_perm(request, IndicatorValue, "import")
    require_perm(request, IndicatorValue, "add")


@imports.post("", response={201: ValueImportOut, **WRITE_ERRORS}, operation_id="valueimport_create")
def upload_values(request, file: UploadedFile[UploadedFileType]):
    """Upload an .xlsx of indicator values (the template's columns). The file's sizes are checked
    now (422 when refused); its rows are read by the task worker: follow `status` on
    `/indicator-imports/{id}` (queued, running, done or failed)."""
    require_perm(request, ValueImport, "add")
    _require_import(request)
    form = ImportForm(data={}, files={"file": file}, user=request.user)
    if not form.is_valid():
        raise FormValidationError(form)
    try:
        record = services.valueimport_upload(file, request.user)
    except importer.ImportRefused as error:
        form.add_error("file", str(error))
        raise FormValidationError(form) from None
    return Status(201, record)


@imports.get("/{int:pk}/rejected", response={200: None, **READ_ERRORS}, operation_id="valueimport_rejects")
def rejected_values(request, pk: int):
    """The rejected rows as XLSX: line, reason, then the row's own cells (404 when none)."""
    require_perm(request, ValueImport, "view")
    record = get_visible(request, ValueImport, pk)
    if not record.rejects:
        raise Http404
    response = HttpResponse(services.valueimport_rejects_open(record, request.user), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rejected-indicator-values-{pk}.xlsx"'
    return response




class PeriodVerificationOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    period: str = Field(alias="period_key", description="1404-07 (month), 1404-Q3 (quarter) or 1404 (year)")
    status: str = Field(description="verified or reopened")
    verified_by: int | None = Field(alias="verified_by_id")
    verified_at: datetime | None
    reopened_by: int | None = Field(alias="reopened_by_id")
    reopened_at: datetime | None
    reopen_reason: str
    note: str


class PeriodVerificationIn(Schema):
    province: int
    period_year: int = Field(description="Jalali year, e.g. 1404.")
    period_part: str = Field("", description="1–12 for a month, Q1–Q4 for a season, empty for the whole year.")
    note: str = ""


verifications = crud_router(model=PeriodVerification, out_schema=PeriodVerificationOut, in_schema=PeriodVerificationIn,
                            form_class=PeriodVerificationForm, filterset_class=PeriodVerificationFilterSet,
                            tags=["statistics"], workflow=workflows.VERIFICATION)

class EntryExtensionOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    period: str = Field(alias="period_key", description="1404-07 (month), 1404-Q3 (quarter) or 1404 (year)")
    open_until: date = Field(description="Entry closes again at the end of this day (Tehran time).")
    open_until_jalali: str
    reason: str
    granted_by: int | None = Field(alias="granted_by_id")
    granted_at: datetime | None

    @staticmethod
    def resolve_open_until_jalali(obj):
        return jalali.format_date(obj.open_until, persian_digits=False)


class EntryExtensionIn(Schema):
    province: int
    period_year: int = Field(description="Jalali year, e.g. 1404.")
    period_part: str = Field("", description="1–12 for a month, Q1–Q4 for a season, empty for the whole year.")
    open_until: str = Field(description="Jalali (1404/09/15) or ISO date: entry closes again at the end of it.")
    reason: str


extensions = crud_router(model=EntryExtension, out_schema=EntryExtensionOut, in_schema=EntryExtensionIn,
                         form_class=EntryExtensionForm, filterset_class=EntryExtensionFilterSet,
                         tags=["statistics"], workflow=workflows.EXTENSION)

ROUTERS = [("/indicators", indicators), ("/indicator-values", values), ("/websites", websites),
           ("/indicator-imports", imports), ("/indicator-verifications", verifications),
           ("/indicator-entry-extensions", extensions)]
