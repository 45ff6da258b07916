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


def _limit(model, name: str) -> int:
    """A text's length limit, from the model field itself."""
    return model._meta.get_field(name).max_length


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
            original_name=Path(upload.name).name[:_limit(RosterImport, "original_name")], province=province, headers=roster.headers,
            mapping=guess_mapping(roster.headers), total_rows=roster.total_rows, created_by=by,
        )
        with open(path, "rb") as source:
            roster_import.file.save(Path(upload.name).name, File(source))
    return roster_import


# --- the import's one state machine ----------------------------------------------------
#
# Every change of an import's status goes through here: people's steps (start, cancel, run
# again, map values — page and API alike, through the declared steps in workflows.py), the
# command line (`import_retirees`) and the task worker (begin, finish, stop, fail). Each change
# is one `transition` (the row locked, one audit row naming the event) that sets the times and
# counters belonging to the new status in the same save, so the status, the times, the
# percentage and the buttons can never disagree. The buttons are the guards below, read from
# the same table.

S = ImportStatus
# event: (statuses it may leave from, status it leads to)
IMPORT_EVENTS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((S.MAPPING,), S.QUEUED),
    # A running import is not cancelled at once: `cancel_requested` tells the worker to stop
    # after the chunk it is saving ("stop").
    "cancel": ((S.MAPPING, S.QUEUED, S.RUNNING), S.CANCELLED),
    "retry": ((S.CANCELLED, S.FAILED), S.QUEUED),
    "map_values": ((S.DONE, S.CANCELLED, S.FAILED), S.QUEUED),
    # The worker. "begin" from RUNNING: a worker that died midway, its task run again.
    "begin": ((S.QUEUED, S.RUNNING), S.RUNNING),
    "finish": ((S.RUNNING,), S.DONE),
    "stop": ((S.RUNNING,), S.CANCELLED),
    "fail": ((S.QUEUED, S.RUNNING), S.FAILED),
}
_COUNTERS = ("processed_rows", "saved_rows", "changed_rows", "rejected_rows", "warned_rows", "skipped_rows")


def import_may(roster_import: RosterImport, event: str) -> bool:
    return roster_import.status in IMPORT_EVENTS[event][0]


def state_fields(status: str, **fields) -> dict:
    """The fields that go with entering `status`: waiting has no times and no counts yet; running
    has begun and not ended; an ended import has its end time and no pending cancel."""
    from django.utils import timezone

    now = timezone.now()
    if status == S.QUEUED:
        fields.update(started_at=None, finished_at=None, cancel_requested=False, error="",
                      **dict.fromkeys(_COUNTERS, 0))
    elif status == S.RUNNING:
        fields.update(started_at=now, finished_at=None, error="", reasons={}, unknown_values=[],
                      **dict.fromkeys(_COUNTERS, 0))
    elif status in FINISHED_IMPORT_STATUSES:
        fields.update(finished_at=now, cancel_requested=False)
    return {"status": status, **fields}


# --- guards: the state checks, also used by pages to explain a refusal before any form ---

def check_can_start(roster_import: RosterImport) -> None:
    if not import_may(roster_import, "start"):
        raise Inapplicable(_("This import has already started; follow its progress on its page."))


def check_can_cancel(roster_import: RosterImport) -> None:
    if not import_may(roster_import, "cancel"):
        raise Inapplicable(_("This import has already ended."))
    if roster_import.cancel_requested:
        raise Inapplicable(_("Cancelling was already asked for; the import stops after the rows it is saving now."))


def _check_file_kept(roster_import: RosterImport, error=WorkflowError) -> None:
    if not roster_import.file or not roster_import.file.storage.exists(roster_import.file.name):
        raise error(_("The uploaded file is no longer kept (files are deleted some days after an import "
                      "ends). Upload it again as a new import."))


def check_can_retry(roster_import: RosterImport) -> None:
    if not import_may(roster_import, "retry"):
        raise Inapplicable(_("Only a cancelled or failed import can be run again."))
    if not roster_import.mapping:
        raise WorkflowError(_("Map the file's columns first."))
    _check_file_kept(roster_import)


def rosterimport_start(roster_import: RosterImport, by, *, mapping: dict, enqueue: bool = True) -> RosterImport:
    """Confirm the column mapping and queue the import. `enqueue=False`: the caller runs it
    itself (`manage.py import_retirees`), through the same worker steps."""
    with transition(roster_import, "rosterimport_start", by, check_can_start) as step:
        problems = check_mapping(mapping, step.obj.province)
        if problems:
            raise WorkflowError(" ".join(problems))
        step.set(**state_fields(S.QUEUED, mapping=mapping))
        if enqueue:
            _enqueue_import(step.obj)
    return step.obj


def rosterimport_start_file(path, original_name: str, by=None, *, province=None, mapping=None) -> RosterImport:
    """A new import of a file already on disk (the command line, the demo, the benchmark): created
    like an upload, then started through `rosterimport_start` (audited) without queueing a task.
    Raises RosterFileError for an unreadable file, WorkflowError for an unusable mapping."""
    roster = probe_roster(path)
    mapping = mapping if mapping is not None else guess_mapping(roster.headers)
    problems = check_mapping(mapping, province)
    if problems:  # refused before anything is created
        raise WorkflowError(" ".join(problems))
    roster_import = RosterImport.objects.create(
        original_name=str(original_name)[:_limit(RosterImport, "original_name")], province=province, headers=roster.headers,
        mapping=guess_mapping(roster.headers), total_rows=roster.total_rows, created_by=by,
    )
    with open(path, "rb") as source:
        roster_import.file.save(Path(original_name).name, File(source))
    return rosterimport_start(roster_import, by, mapping=mapping, enqueue=False)


def rosterimport_cancel(roster_import: RosterImport, by) -> RosterImport:
    with transition(roster_import, "rosterimport_cancel", by, check_can_cancel) as step:
        if step.obj.status == S.RUNNING:
            # The running import stops after its current chunk; what was saved stays saved.
            step.set(cancel_requested=True)
        else:
            step.set(**state_fields(S.CANCELLED))
    return step.obj


def rosterimport_retry(roster_import: RosterImport, by) -> RosterImport:
    """Run a cancelled or failed import again: rows saved before are matched, not repeated."""
    with transition(roster_import, "rosterimport_retry", by, check_can_retry) as step:
        step.set(**state_fields(S.QUEUED))
        _enqueue_import(step.obj)
    return step.obj


# --- the worker's steps (retirees/pipeline.py); `by` is None: the audit row names no person ---

def rosterimport_begin(roster_import: RosterImport, by=None) -> RosterImport | None:
    """The worker takes a queued import, or one it was running when it died (its task run again).
    None when there is nothing to run: cancelled while it waited, already ended (a task run twice),
    or a cancel asked of a run that died (then it ends as cancelled)."""
    def guard(obj):
        if not import_may(obj, "begin"):
            raise Inapplicable("not queued")

    try:
        with transition(roster_import, "rosterimport_begin", by, guard) as step:
            if step.obj.status == S.RUNNING and step.obj.cancel_requested:
                step.event = "rosterimport_stop"
                step.set(**state_fields(S.CANCELLED))
                return None
            step.set(**state_fields(S.RUNNING))
    except Inapplicable:
        return None
    return step.obj


def rosterimport_end(roster_import: RosterImport, event: str, by=None, *, error: str = "") -> RosterImport | None:
    """The worker ends a run: "finish" (done), "stop" (a cancel was asked) or "fail". None when the
    import is no longer the worker's to end (someone else ended it meanwhile)."""
    to_status = IMPORT_EVENTS[event][1]

    def guard(obj):
        if not import_may(obj, event):
            raise Inapplicable("not running")

    try:
        with transition(roster_import, f"rosterimport_{event}", by, guard) as step:
            fields = {"error": error[:2000]} if event == "fail" else {}
            step.set(**state_fields(to_status, **fields))
    except Inapplicable:
        return None
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
MAPPABLE_FIELDS = ("county", "education")


def check_can_map_values(roster_import: RosterImport) -> None:
    if not import_may(roster_import, "map_values"):
        raise Inapplicable(_("Wait for the import to end, then map the values it did not recognise."))
    if not any(item.get("field") in MAPPABLE_FIELDS for item in roster_import.unknown_values):
        raise Inapplicable(_("This import recognised every county and education level."))
    _check_file_kept(roster_import, Inapplicable)


def rosterimport_map_values(roster_import: RosterImport, by, choices: dict[tuple[int, str], object] | None = None,
                            education: dict[str, str | None] | None = None) -> RosterImport:
    """A national admin maps unrecognised values once — counties ({(province id, value as
    written): county}, kept as geo.CountyAlias) and education values ({value as written: level},
    kept as EducationAlias) — and the import runs again, so the people saved without those values
    get them and their warnings go. Later imports use the same mapping."""
    from geo.matching import place_key
    from geo.models import CountyAlias

    from .choices import RosterEducation
    from .models import EducationAlias, education_key

    if not by.has_national_scope:
        raise WorkflowError(_("Only a national admin can map values for every import."))
    with transition(roster_import, "rosterimport_map_values", by, check_can_map_values) as step:
        mapped, mapped_education = [], []
        for (province_id, value), county in (choices or {}).items():
            if county is None:
                continue
            if county.province_id != province_id and province_id is not None:
                raise WorkflowError(_("Choose a county of the row's own province."))
            CountyAlias.objects.update_or_create(
                province_id=province_id, key=place_key(value),
                defaults={"name": value[:_limit(CountyAlias, "name")], "county": county, "kind": CountyAlias.Kind.MAPPED, "created_by": by,
                          "note": f"roster import {step.obj.pk}"},
            )
            mapped.append({"value": value, "county": county.name, "province": province_id})
        for value, level in (education or {}).items():
            if not level:
                continue
            if level not in RosterEducation.values:
                raise WorkflowError(_("Choose one of the listed education levels."))
            # Mapped values are read whatever the code list (code_list empty) and win over a code.
            EducationAlias.objects.update_or_create(
                code_list="", key=education_key(value),
                defaults={"name": value[:_limit(EducationAlias, "name")], "level": level, "kind": EducationAlias.Kind.MAPPED, "created_by": by,
                          "note": f"roster import {step.obj.pk}"},
            )
            mapped_education.append({"value": value, "level": level})
        if not mapped and not mapped_education:
            raise WorkflowError(_("Choose a county or an education level for at least one value."))
        step.set(**state_fields(S.QUEUED))
        step.note(mapped=mapped, mapped_education=mapped_education)
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

