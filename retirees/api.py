"""Roster API: the same scope and masking as the pages. National codes and mobiles come back
masked; `POST …/reveal` returns them in clear and is written to the audit log."""
from datetime import date, datetime

from django.http import FileResponse, Http404
from ninja import Field, Form, Query, Router, Schema, Status
from ninja import File as UploadedFile
from ninja.files import UploadedFile as UploadedFileType

from core import jalali
from core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    FormValidationError,
    crud_router,
    get_visible,
    require_perm,
)
from core.privacy import mask

from . import demographics, services, workflows
from .filters import (
    AgencyFilterSet,
    ChildFilterSet,
    RetireeFilterSet,
    RosterImportFilterSet,
)
from .forms import AgencyForm, ChildForm, ExplorerForm, RosterUploadForm
from .models import Agency, Child, Retiree, RosterImport
from .roster_files import RosterFileError


class RetireeOut(Schema):
    id: int
    national_code: str = Field(description="Always masked; use POST /api/retirees/{id}/reveal.")
    mobile: str = Field(description="Always masked; use POST /api/retirees/{id}/reveal.")
    first_name: str
    last_name: str
    gender: str
    birth_date: date
    birth_date_jalali: str
    retirement_date: date | None
    retirement_date_jalali: str
    province: int = Field(alias="province_id")
    county: int | None = Field(alias="county_id")
    education: str
    field_of_study: str
    specialty: str
    agency: int | None = Field(alias="agency_id")
    consent_contact: bool
    consent_children: bool

    @staticmethod
    def resolve_national_code(obj):
        return mask(obj.national_code)

    @staticmethod
    def resolve_mobile(obj):
        return mask(obj.mobile)

    @staticmethod
    def resolve_birth_date_jalali(obj):
        return jalali.format_date(obj.birth_date, persian_digits=False)

    @staticmethod
    def resolve_retirement_date_jalali(obj):
        return jalali.format_date(obj.retirement_date, persian_digits=False)


class RevealedOut(Schema):
    national_code: str | None = None
    mobile: str


retirees = crud_router(model=Retiree, out_schema=RetireeOut, filterset_class=RetireeFilterSet, tags=["retirees"],
                       workflow=workflows.RETIREE)


@retirees.post("/{int:pk}/reveal", response={200: RevealedOut, **READ_ERRORS}, operation_id="retiree_reveal")
def reveal_retiree(request, pk: int):
    require_perm(request, Retiree, "view_personal")
    return services.reveal_personal(get_visible(request, Retiree, pk), request.user)


class ChildOut(Schema):
    id: int
    retiree: int = Field(alias="retiree_id")
    first_name: str
    last_name: str
    relation: str
    birth_year: int
    education: str
    field_of_study: str
    mobile: str = Field(description="Always masked; use POST /api/children/{id}/reveal.")
    consent_contact: bool

    @staticmethod
    def resolve_mobile(obj):
        return mask(obj.mobile)


class ChildIn(Schema):
    retiree: int = Field(description="Only when the retiree's consent to recording children is on record.")
    first_name: str
    last_name: str
    relation: str = Field(description="son or daughter")
    birth_year: int | str = Field(description="Jalali year, e.g. 1365; Persian digits accepted.")
    education: str = ""
    field_of_study: str = ""
    mobile: str = ""
    consent_contact: bool = False


children = crud_router(model=Child, out_schema=ChildOut, in_schema=ChildIn, form_class=ChildForm,
                       filterset_class=ChildFilterSet, tags=["retirees"])


@children.post("/{int:pk}/reveal", response={200: RevealedOut, **READ_ERRORS}, operation_id="child_reveal")
def reveal_child(request, pk: int):
    require_perm(request, Retiree, "view_personal")
    return services.reveal_personal(get_visible(request, Child, pk), request.user)


def _takeable(step, obj) -> bool:
    """The step's guard lets it be taken now (the same check as the page's button and the service)."""
    from core.services import WorkflowError

    try:
        if step.guard:
            step.guard(obj)
    except WorkflowError:  # hidden (Inapplicable) or refused with a reason
        return False
    return True


class RosterImportOut(Schema):
    id: int
    original_name: str
    province: int | None = Field(alias="province_id")
    status: str
    headers: list[str]
    mapping: dict[str, str]
    total_rows: int
    processed_rows: int
    saved_rows: int
    changed_rows: int
    rejected_rows: int
    warned_rows: int
    skipped_rows: int
    reasons: dict[str, dict[str, int]]
    percent: int
    cancel_requested: bool
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    actions: list[str] = Field(default_factory=list, description="The steps this user may take now (start, cancel, "
                                                                 "retry, map_values): the page's buttons, from the same state machine.")

    @staticmethod
    def resolve_actions(obj, context):
        user = context["request"].user
        return [step.name for step in workflows.ROSTER_IMPORT.steps
                if user.has_perm(f"retirees.{step.action}_rosterimport") and _takeable(step, obj)]


imports = crud_router(model=RosterImport, out_schema=RosterImportOut, filterset_class=RosterImportFilterSet,
                      tags=["retirees"], workflow=workflows.ROSTER_IMPORT)


@imports.post("", response={201: RosterImportOut, **WRITE_ERRORS}, operation_id="rosterimport_create")
def upload_roster(request, file: UploadedFile[UploadedFileType], province: Form[int | None] = None):
    """Upload a roster file; answers with the recognised column mapping. Start it with `/start`."""
    require_perm(request, RosterImport, "add")
    form = RosterUploadForm({"province": province or ""}, {"file": file}, user=request.user)
    if not form.is_valid():
        raise FormValidationError(form)
    try:
        roster_import = services.rosterimport_upload(file, form.cleaned_data["province"], request.user)
    except RosterFileError as error:
        form.add_error("file", str(error))
        raise FormValidationError(form) from None
    return Status(201, roster_import)


@imports.get("/{int:pk}/rejected", response={200: None, **READ_ERRORS}, operation_id="rosterimport_rejects")
def rejected_rows(request, pk: int):
    """The rejected rows as XLSX: line, column, reason, value, then the row as it was."""
    require_perm(request, RosterImport, "view")
    roster_import = get_visible(request, RosterImport, pk)
    if not roster_import.rejects_file:
        raise Http404
    require_perm(request, Retiree, "view_personal")  # the rows hold codes and mobiles in clear
    handle = services.rosterimport_rejects_open(roster_import, request.user)
    return FileResponse(handle, as_attachment=True, filename=f"rejected-rows-{pk}.xlsx")


class AgencyOut(Schema):
    id: int
    name: str
    is_active: bool


class AgencyIn(Schema):
    name: str
    is_active: bool = True


agencies = crud_router(model=Agency, out_schema=AgencyOut, in_schema=AgencyIn, form_class=AgencyForm,
                       filterset_class=AgencyFilterSet, tags=["retirees"])


class DemographicsParams(Schema):
    first: str = Field(description="province, county, gender, age_band, education, field_of_study, specialty, agency or retirement_band")
    second: str | None = None
    third: str | None = None
    province: int | None = None
    county: int | None = None
    gender: str | None = None
    education: str | None = None
    agency: int | None = None
    age_band: int | None = Field(None, description="Band number, 0 = youngest.")
    retirement_band: int | None = None


class CrossTabRow(Schema):
    labels: list[str]
    cells: list[int | None] = Field(description="null where the count is hidden.")
    total: int | None


class CrossTabOut(Schema):
    dimensions: list[str]
    row_dimensions: list[str]
    column_dimension: str | None
    columns: list[str]
    rows: list[CrossTabRow]
    column_totals: list[int | None]
    total: int | None
    threshold: int
    hidden_cells: int
    source: str
    perturbation_bound: int
    note: str


demographics_router = Router(tags=["retirees"])


@demographics_router.get("", response={200: CrossTabOut, **WRITE_ERRORS}, operation_id="demographics")
def demographics_table(request, params: Query[DemographicsParams]):
    """A cross-tab of the roster in your scope, with small cells (and those revealing them) hidden (null) and
    every other count, totals included, moved by at most `perturbation_bound` (cell-key method), as `note` says."""
    if not request.user.has_perm("retirees.view_demographics_retiree"):
        from ninja.errors import HttpError

        raise HttpError(403, "You do not have permission for this action.")
    data = {key: value for key, value in params.dict().items() if value not in (None, "")}
    form = ExplorerForm(data, user=request.user)
    if not form.is_valid():
        raise FormValidationError(form)
    question = demographics.Question(form.cleaned_data["dimensions"], form.cleaned_data["filters"])
    return demographics.cross_tab(request.user, question).as_dict()


ROUTERS = [
    ("/retirees", retirees),
    ("/children", children),
    ("/roster-imports", imports),
    ("/agencies", agencies),
    ("/demographics", demographics_router),
]
