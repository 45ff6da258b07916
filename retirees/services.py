"""Roster workflow: imports (start, cancel, run again), consents, and audited reveals of
personal data. Views, the API and commands call these; nothing else changes these states."""
import tempfile
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_event, save_transition
from core.services import Inapplicable, WorkflowError
from core.workflow import transition

from .choices import FINISHED_IMPORT_STATUSES, ImportStatus
from .importer import check_mapping
from .models import Retiree, RosterImport, RosterSettings
from .roster_files import guess_mapping, probe_roster


def _enqueue_import(roster_import: RosterImport) -> None:
    from .tasks import run_roster_import

    transaction.on_commit(lambda: run_roster_import.enqueue(roster_import.pk))


def rosterimport_upload(upload, province, by) -> RosterImport:
    """A new import from an uploaded file, its columns recognised; raises RosterFileError when
    the file cannot be read as a roster. The person then confirms the mapping (`rosterimport_start`)."""
    suffix = Path(upload.name).suffix
    path = getattr(upload, "temporary_file_path", None)
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        if path is None:  # a small upload kept in memory
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            path = handle.name
        else:
            path = path()
        roster = probe_roster(path)  # bounded: the rows are read by the task worker
        roster_import = RosterImport.objects.create(
            original_name=Path(upload.name).name[:255], province=province, headers=roster.headers,
            mapping=guess_mapping(roster.headers), total_rows=roster.total_rows, created_by=by,
        )
        with open(path, "rb") as source:
            roster_import.file.save(Path(upload.name).name, File(source))
    return roster_import


# --- guards: the state checks, also used by pages to explain a refusal before any form ---

def check_can_start(roster_import: RosterImport) -> None:
    if roster_import.status != ImportStatus.MAPPING:
        raise Inapplicable(_("This import has already started; follow its progress on its page."))


def check_can_cancel(roster_import: RosterImport) -> None:
    if roster_import.status not in (ImportStatus.MAPPING, ImportStatus.QUEUED, ImportStatus.RUNNING):
        raise Inapplicable(_("This import has already ended."))
    if roster_import.cancel_requested:
        raise Inapplicable(_("Cancelling was already asked for; the import stops after the rows it is saving now."))


def check_can_retry(roster_import: RosterImport) -> None:
    if roster_import.status not in (ImportStatus.CANCELLED, ImportStatus.FAILED):
        raise Inapplicable(_("Only a cancelled or failed import can be run again."))
    if not roster_import.mapping:
        raise WorkflowError(_("Map the file's columns first."))
    if not roster_import.file or not roster_import.file.storage.exists(roster_import.file.name):
        raise WorkflowError(_("The uploaded file is no longer kept (files are deleted some days after an import "
                              "ends). Upload it again as a new import."))


def rosterimport_start(roster_import: RosterImport, by, *, mapping: dict) -> RosterImport:
    with transition(roster_import, "rosterimport_start", by, check_can_start) as step:
        problems = check_mapping(mapping, step.obj.province)
        if problems:
            raise WorkflowError(" ".join(problems))
        step.set(mapping=mapping, status=ImportStatus.QUEUED, interrupted_runs=0)
        _enqueue_import(step.obj)
    return step.obj


def rosterimport_cancel(roster_import: RosterImport, by) -> RosterImport:
    with transition(roster_import, "rosterimport_cancel", by, check_can_cancel) as step:
        if step.obj.status == ImportStatus.RUNNING:
            # The running import stops after its current chunk; what was saved stays saved.
            step.set(cancel_requested=True)
        else:
            step.set(status=ImportStatus.CANCELLED)
    return step.obj


def rosterimport_retry(roster_import: RosterImport, by) -> RosterImport:
    """Run a cancelled or failed import again: rows saved before are matched, not repeated."""
    with transition(roster_import, "rosterimport_retry", by, check_can_retry) as step:
        step.set(status=ImportStatus.QUEUED, cancel_requested=False, interrupted_runs=0)
        _enqueue_import(step.obj)
    return step.obj


def retiree_record_consent(retiree: Retiree, by, *, consent_contact: bool, consent_children: bool,
                           note: str = "") -> Retiree:
    with transition(retiree, "retiree_consent", by, note=note) as step:
        if not consent_children and step.obj.children.exists():
            raise WorkflowError(
                _("Children are recorded for this retiree. Delete their records before withdrawing this consent.")
            )
        step.set(consent_contact=consent_contact, consent_children=consent_children)
    return step.obj


def rosterimport_rejects_open(roster_import: RosterImport, by):
    """The rejected rows' workbook, opened for download, and an audit row saying who took it:
    it holds the rows as they were, national codes and mobiles in clear."""
    audit_event(roster_import, "rosterimport_rejects_download", by, action=LogEntry.Action.ACCESS,
                rows=roster_import.rejected_rows)
    return roster_import.rejects_file.open("rb")
def check_can_map_values(roster_import: RosterImport) -> None:
    if roster_import.status not in FINISHED_IMPORT_STATUSES:
        raise Inapplicable(_("Wait for the import to end, then map the values it did not recognise."))
    if not any(item.get("field") == "county" for item in roster_import.unknown_values):
        raise Inapplicable(_("This import recognised every county."))
    if not roster_import.file or not roster_import.file.storage.exists(roster_import.file.name):
        raise Inapplicable(_("The uploaded file is no longer kept (files are deleted some days after an import "
                             "ends). Upload it again as a new import."))


def rosterimport_map_values(roster_import: RosterImport, by, choices: dict[tuple[int, str], object]) -> RosterImport:
    """A national admin maps unrecognised values once ({(province id, value as written): county})
    and the import runs again, so the people saved without those values get them. Later imports
    use the same mapping (geo.CountyAlias)."""
    from geo.matching import place_key
    from geo.models import CountyAlias

    if not by.has_national_scope:
        raise WorkflowError(_("Only a national admin can map values for every import."))
    with transition(roster_import, "rosterimport_map_values", by, check_can_map_values) as step:
        mapped = []
        for (province_id, value), county in choices.items():
            if county is None:
                continue
            if county.province_id != province_id and province_id is not None:
                raise WorkflowError(_("Choose a county of the row's own province."))
            CountyAlias.objects.update_or_create(
                province_id=province_id, key=place_key(value),
                defaults={"name": value[:64], "county": county, "kind": CountyAlias.Kind.MAPPED, "created_by": by,
                          "note": f"roster import {step.obj.pk}"},
            )
            mapped.append({"value": value, "county": county.name, "province": province_id})
        if not mapped:
            raise WorkflowError(_("Choose a county for at least one value."))
        step.set(status=ImportStatus.QUEUED, cancel_requested=False, interrupted_runs=0)
        step.note(mapped=mapped)
        _enqueue_import(step.obj)
    return step.obj




def reveal_personal(obj, by) -> dict:
    """The clear national code and mobile of a retiree (or a child's mobile), written to the audit log."""
    revealed = {"mobile": obj.mobile}
    if isinstance(obj, Retiree):
        revealed["national_code"] = obj.national_code
    audit_event(obj, f"{obj._meta.model_name}_reveal", by, action=LogEntry.Action.ACCESS, fields=sorted(revealed))
    return revealed


@transaction.atomic
def rostersettings_update(settings_row: RosterSettings, by, **fields) -> RosterSettings:
    """Change the threshold or bands; new bands re-count the summary in the background."""
    from .tasks import refresh_demographics

    bands_changed = any(getattr(settings_row, name) != fields.get(name, getattr(settings_row, name))
                        for name in ("age_bands", "retirement_bands"))
    save_transition(settings_row, "rostersettings_update", by, fields)
    if bands_changed:
        transaction.on_commit(lambda: refresh_demographics.enqueue())
    return settings_row

