"""Roster workflow: imports (start, cancel, run again), consents, and audited reveals of
personal data. Views, the API and commands call these; nothing else changes these states."""
import tempfile
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_event, save_transition
from core.services import WorkflowError

from .choices import FINISHED_IMPORT_STATUSES, ImportStatus
from .importer import check_mapping
from .models import Retiree, RosterImport, RosterSettings
from .roster_files import guess_mapping, open_roster


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
        roster = open_roster(path)
        roster_import = RosterImport.objects.create(
            original_name=Path(upload.name).name[:255], province=province, headers=roster.headers,
            mapping=guess_mapping(roster.headers), total_rows=roster.total_rows, created_by=by,
        )
        with open(path, "rb") as source:
            roster_import.file.save(Path(upload.name).name, File(source))
    return roster_import


@transaction.atomic
def rosterimport_start(roster_import: RosterImport, by, mapping: dict) -> RosterImport:
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status != ImportStatus.MAPPING:
        raise WorkflowError(_("This import has already started; follow its progress on its page."))
    problems = check_mapping(mapping, roster_import.province)
    if problems:
        raise WorkflowError(" ".join(problems))
    save_transition(roster_import, "rosterimport_start", by, {"mapping": mapping, "status": ImportStatus.QUEUED})
    _enqueue_import(roster_import)
    return roster_import


@transaction.atomic
def rosterimport_cancel(roster_import: RosterImport, by) -> RosterImport:
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status == ImportStatus.RUNNING:
        # The running import stops after its current chunk; what was saved stays saved.
        return save_transition(roster_import, "rosterimport_cancel", by, {"cancel_requested": True})
    if roster_import.status in (ImportStatus.MAPPING, ImportStatus.QUEUED):
        return save_transition(roster_import, "rosterimport_cancel", by, {"status": ImportStatus.CANCELLED})
    raise WorkflowError(_("This import has already ended."))


@transaction.atomic
def rosterimport_retry(roster_import: RosterImport, by) -> RosterImport:
    """Run a cancelled or failed import again: rows saved before are matched, not repeated."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status not in (ImportStatus.CANCELLED, ImportStatus.FAILED):
        raise WorkflowError(_("Only a cancelled or failed import can be run again."))
    if not roster_import.mapping:
        raise WorkflowError(_("Map the file's columns first."))
    save_transition(roster_import, "rosterimport_retry", by, {"status": ImportStatus.QUEUED, "cancel_requested": False})
    _enqueue_import(roster_import)
    return roster_import


@transaction.atomic
def rosterimport_map_values(roster_import: RosterImport, by, choices: dict[tuple[int, str], object]) -> RosterImport:
    """A national admin maps unrecognised values once ({(province id, value as written): county})
    and the import runs again, so the people saved without those values get them. Later imports
    use the same mapping (geo.CountyAlias)."""
    from geo.matching import place_key
    from geo.models import CountyAlias

    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not by.has_national_scope:
        raise WorkflowError(_("Only a national admin can map values for every import."))
    if roster_import.status not in FINISHED_IMPORT_STATUSES:
        raise WorkflowError(_("Wait for the import to end, then map the values it did not recognise."))
    mapped = []
    for (province_id, value), county in choices.items():
        if county is None:
            continue
        if county.province_id != province_id and province_id is not None:
            raise WorkflowError(_("Choose a county of the row's own province."))
        alias, _created = CountyAlias.objects.update_or_create(
            province_id=province_id, key=place_key(value),
            defaults={"name": value[:64], "county": county, "kind": CountyAlias.Kind.MAPPED, "created_by": by,
                      "note": f"roster import {roster_import.pk}"},
        )
        mapped.append({"value": value, "county": county.name, "province": province_id})
    if not mapped:
        raise WorkflowError(_("Choose a county for at least one value."))
    save_transition(roster_import, "rosterimport_map_values", by,
                    {"status": ImportStatus.QUEUED, "cancel_requested": False}, mapped=mapped)
    _enqueue_import(roster_import)
    return roster_import


@transaction.atomic
def retiree_record_consent(retiree: Retiree, by, *, contact: bool, children: bool, note: str = "") -> Retiree:
    retiree = Retiree.objects.select_for_update().get(pk=retiree.pk)
    if not children and retiree.children.exists():
        raise WorkflowError(
            _("Children are recorded for this retiree. Delete their records before withdrawing this consent.")
        )
    return save_transition(
        retiree, "retiree_consent", by, {"consent_contact": contact, "consent_children": children}, note=note
    )


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
