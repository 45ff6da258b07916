"""Writing indicator values and checking websites. A value for the same indicator, place,
period and source is one row: `value_record` creates it or updates it, auditing the change
with the old and new values. Plausibility (range, distance from the series) is judged here,
once, for the form, the API and the Excel import alike."""
import datetime
import logging
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import display, jalali
from core.audit import audit_event, save_transition
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from geo.models import Province

from . import periods
from .choices import PeriodType, SourceKind, ValueImportStatus, VerificationStatus
from .models import EntryExtension, IndicatorSettings, IndicatorValue, PeriodVerification, ValueImport, Website
from .periods import Period

# Entry of a day closes at its end in Tehran.
TEHRAN = ZoneInfo("Asia/Tehran")

# The series a value is compared with: at most this many earlier values, and at least
# MIN_SERIES of them before a value can be "far from the series".
SERIES_LENGTH = 12
MIN_SERIES = 4
# Far = more than this many (scaled) median absolute deviations from the median.
MAD_LIMIT = Decimal(3)
MAD_SCALE = Decimal("1.4826")

# The fields a value's entry sets (the rest are its identity: indicator, place, period, source).
CONTENT_FIELDS = ("value", "not_available", "not_available_reason", "comment", "letter_number", "letter_date",
                  "letter_scan", "website", "url", "retrieved_on")


def series_before(indicator, province, county, period: Period) -> list[Decimal]:
    """Earlier available values of the same indicator and place, newest first."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator, province=province, county=county,
                                      period_start__lt=period.start, not_available=False)
        .order_by("-period_start").values_list("value", flat=True)[:SERIES_LENGTH]
    )


def implausible(indicator, province, county, period: Period, value: Decimal | None) -> str:
    """Why `value` needs a comment ("" if it does not): outside the indicator's plausible range,
    or more than 3 median absolute deviations from the median of earlier periods."""
    if value is None:
        return ""
    unit = indicator.unit
    low, high = indicator.min_value, indicator.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        return _("%(value)s is outside the plausible range of this indicator (%(range)s). Check the figure against "
                 "the source; if it is right, say in the comment why.") % {
            "value": display.number(value.normalize()), "range": indicator.range_text()}
    earlier = series_before(indicator, province, county, period)
    if len(earlier) < MIN_SERIES:
        return ""
    middle = median(earlier)
    spread = median(abs(item - middle) for item in earlier) * MAD_SCALE
    if spread == 0:  # a flat series: a tenth of its level counts as the usual change
        spread = abs(middle) / 10
    if spread and abs(value - middle) > MAD_LIMIT * spread:
        return _("%(value)s %(unit)s is far from the earlier periods (their middle value is %(median)s %(unit)s). "
                 "Check the figure against the source; if it is right, say in the comment why.") % {
            "value": display.number(value.normalize()), "unit": unit, "median": display.number(middle.normalize())}
    return ""


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "pk"):
        return str(value.pk)
    if hasattr(value, "name") and hasattr(value, "url"):  # a file
        return value.name or ""
    return str(value)


def value_record(by, *, indicator, province, county=None, period: Period, source_kind, organization=None,
                 value=None, not_available=False, not_available_reason="", comment="", letter_number="",
                 letter_date=None, letter_scan=None, website=None, url="", retrieved_on=None,
                 _again=False) -> IndicatorValue:
    """Enter a value: a new row, or — for the same indicator, place, period and source — the
    existing row updated, with one audit row holding the old and new values."""
    arguments = {"indicator": indicator, "province": province, "county": county, "period": period,
                 "source_kind": source_kind, "organization": organization, "value": value,
                 "not_available": not_available, "not_available_reason": not_available_reason, "comment": comment,
                 "letter_number": letter_number, "letter_date": letter_date, "letter_scan": letter_scan,
                 "website": website, "url": url, "retrieved_on": retrieved_on}
    check_period_open(province, period.key)
    if not not_available and value is not None:
        problem = implausible(indicator, province, county, period, value)
        if problem and not comment.strip():
            raise WorkflowError(problem)
    draft = IndicatorValue(indicator=indicator, province=province, county=county, source_kind=source_kind,
                           organization=organization if source_kind == SourceKind.ORGANIZATION else None,
                           period_key=period.key, period_start=period.start)
    draft.url = url if source_kind == SourceKind.WEBSITE else ""
    draft.set_keys()
    content = {
        "value": None if not_available else value, "not_available": bool(not_available),
        "not_available_reason": not_available_reason if not_available else "", "comment": comment,
        "letter_number": letter_number if source_kind == SourceKind.ORGANIZATION else "",
        "letter_date": letter_date if source_kind == SourceKind.ORGANIZATION else None,
        "website": website if source_kind == SourceKind.WEBSITE else None,
        "url": draft.url, "retrieved_on": retrieved_on if source_kind == SourceKind.WEBSITE else None,
    }
    with transaction.atomic():
        existing = (IndicatorValue.objects.select_for_update()
                    .filter(indicator=indicator, place_key=draft.place_key, period_key=draft.period_key,
                            source_key=draft.source_key).first())
        if existing is None:
            for name, item in content.items():
                setattr(draft, name, item)
            if letter_scan:
                draft.letter_scan = letter_scan
            draft.created_by = by if getattr(by, "is_authenticated", False) else None
            # Uniqueness is the database's to judge at the save (a race is an update, below).
            draft.full_clean(exclude=["letter_scan"], validate_unique=False, validate_constraints=False)
            _check_constraints(draft)
            try:
                with transaction.atomic():
                    draft.save()
            except IntegrityError:
                if _again:
                    raise
                # Another person saved the same figure meanwhile: this entry updates theirs.
                return value_record(by, **arguments, _again=True)
            return draft
        if letter_scan:
            content["letter_scan"] = letter_scan
        changes = {}
        for name, item in content.items():
            old = getattr(existing, name)
            if name == "letter_scan":
                changes[name] = [_plain(old), None]
            elif _plain(old) != _plain(item):
                changes[name] = [_plain(old), _plain(item)]
            setattr(existing, name, item)
        if not changes:
            return existing
        existing.full_clean(exclude=["letter_scan"], validate_unique=False)
        with disable_auditlog():
            existing.save()
        if "letter_scan" in changes:
            changes["letter_scan"][1] = existing.letter_scan.name
        audit_event(existing, "indicatorvalue_update", by, changes=changes,
                    reason=_("The same indicator, place, period and source was entered again."))
        return existing


# --- verification of a province's values of a period (DHIS2's data approval) -----------------

class PeriodLocked(WorkflowError):
    """Values of a province's period may not be changed now (409 from the API)."""


class PeriodVerified(PeriodLocked):
    """A change to values of a verified province's period."""


class EntryClosed(PeriodLocked):
    """A change to values of a period whose entry has closed (and is not reopened for the province)."""


def verification_of(province, period_key: str) -> PeriodVerification | None:
    province_id = getattr(province, "pk", province)
    return PeriodVerification.objects.filter(province_id=province_id, period_key=period_key).first()


def entry_closes_on(period: Period, days: int | None = None) -> datetime.date | None:
    """The last day of the period's regular entry (the setting's N days after it ends); None when
    entry never closes (N = 0)."""
    if days is None:
        days = IndicatorSettings.current().entry_closes_after_days
    return period.end + datetime.timedelta(days=days) if days else None


def tehran_today() -> datetime.date:
    """Today in Tehran: a day's entry closes at its end there, wherever the server runs."""
    return timezone.localdate(timezone=TEHRAN)


def entry_open_until(province, period: Period, days: int | None = None) -> datetime.date | None:
    """The last day values of `province` and `period` may be entered: the regular closing day, or
    the end of the province's extension when that is later; None when entry never closes."""
    closes = entry_closes_on(period, days)
    if closes is None:
        return None
    province_id = getattr(province, "pk", province)
    extended = (EntryExtension.objects.filter(province_id=province_id, period_key=period.key)
                .values_list("open_until", flat=True).first())
    return max(closes, extended) if extended else closes


@dataclass(frozen=True)
class EntryWindow:
    """Whether values of a province's period may be entered today, and until when (None: never closes)."""

    is_open: bool
    until: datetime.date | None

    @property
    def text(self) -> str:
        """«ورود داده تا ۱۵ آذر ۱۴۰۵ باز است.» (Jalali, Persian digits)."""
        if self.until is None:
            return _("Entry of data is open; it does not close.")
        day = jalali.format_date_long(self.until)
        if self.is_open:
            return _("Entry of data is open until %(day)s.") % {"day": day}
        return _("Entry of data closed at the end of %(day)s.") % {"day": day}


def entry_window(province, period: Period) -> EntryWindow:
    until = entry_open_until(province, period)
    return EntryWindow(until is None or tehran_today() <= until, until)


def entry_state(province, period: Period) -> str:
    return entry_window(province, period).text


def open_periods_text() -> list[str]:
    """For each period type, the latest period that ended and until when its entry is open
    (the regular rule, before any province's reopening): shown above the entry forms."""
    days = IndicatorSettings.current().entry_closes_after_days
    if not days:
        return [str(_("Entry of data does not close (the statistics settings say 0 days)."))]
    today, lines = tehran_today(), []
    for kind in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
        ended = periods.containing(today, kind).previous()
        closes = entry_closes_on(ended, days)
        if today <= closes:
            lines.append(_("Entry of %(period)s is open until %(day)s.") % {
                "period": ended.label, "day": jalali.format_date_long(closes)})
        else:
            lines.append(_("Entry of %(period)s closed at the end of %(day)s.") % {
                "period": ended.label, "day": jalali.format_date_long(closes)})
    return lines


def indicatorsettings_update(settings_row: IndicatorSettings, by, **fields) -> IndicatorSettings:
    """A national admin changes the settings (audited with old and new values)."""
    save_transition(settings_row, "indicatorsettings_update", by, fields)
    return settings_row


def check_period_open(province, period_key: str) -> None:
    """THE check whether values of a province's period may be added or changed now — on the value
    form, the letter form, the API and the import alike: not while the period is verified, nor
    after its entry closed (the setting's N days after the period ends, at the end of that day in
    Tehran) unless entry is reopened for the province until a later day."""
    found = verification_of(province, period_key)
    if found is not None and found.is_verified:
        raise PeriodVerified(_("The values of %(period)s in %(province)s are verified and cannot be changed. Ask the "
                              "provincial manager to reopen them first.") % {"period": found.period.label,
                                                                            "province": found.province})
    period = periods.from_key(period_key)
    days = IndicatorSettings.current().entry_closes_after_days
    closes, today = entry_closes_on(period, days), tehran_today()
    if closes is None or today <= closes:
        return  # open as usual: no need to look for a reopening
    until = entry_open_until(province, period, days)
    if today > until:
        if not hasattr(province, "name"):
            province = Province.objects.get(pk=province)
        raise EntryClosed(_("Entry of the values of %(period)s in %(province)s closed at the end of %(day)s. To add or "
                            "change them, ask the provincial manager or a national admin to reopen entry for this "
                            "province.") % {"period": period.label, "province": province,
                                             "day": jalali.format_date_long(until)})


def check_value_editable(value: IndicatorValue) -> None:
    """The edit guard of a value (page and API): not while its period is verified or its entry closed."""
    check_period_open(value.province_id, value.period_key)


# --- reopening entry of a closed period for one province (for a limited time) ----------------

# An extension lasts at most this many days from today: entry is reopened for corrections, not for good.
MAX_EXTENSION_DAYS = 90


def _check_extension_end(province, period: Period, until: datetime.date) -> None:
    closes = entry_closes_on(period)
    if closes is None:
        raise WorkflowError(_("Entry never closes (the statistics settings say 0 days): there is nothing to reopen."))
    today = tehran_today()
    if until < today:
        raise WorkflowError(_("Choose a day from today on: entry would stay closed."))
    if until <= closes:
        raise WorkflowError(_("Entry of %(period)s is open until %(day)s anyway; choose a later day.") % {
            "period": period.label, "day": jalali.format_date_long(closes)})
    if until > today + datetime.timedelta(days=MAX_EXTENSION_DAYS):
        raise WorkflowError(_("Reopen entry for at most %(days)s days from today; reopen it again later if needed.") % {
            "days": display.number(MAX_EXTENSION_DAYS)})


def entryextension_grant(by, *, province, period: Period, open_until: datetime.date, reason: str) -> EntryExtension:
    """Reopen entry of a province's period until the end of `open_until` (Tehran), saying why
    (audited). A province's period already reopened once gets its new end (`entryextension_extend`)."""
    existing = EntryExtension.objects.filter(province=province, period_key=period.key).first()
    if existing is not None:
        return entryextension_extend(existing, by, open_until=open_until, reason=reason)
    _check_extension_end(province, period, open_until)
    with transaction.atomic():
        record = EntryExtension.objects.create(
            province=province, period_key=period.key, period_start=period.start, open_until=open_until, reason=reason,
            granted_by=by, granted_at=timezone.now(), created_by=by if getattr(by, "is_authenticated", False) else None)
        audit_event(record, "entryextension_grant", by, action=LogEntry.Action.CREATE, reason=reason,
                    open_until=open_until.isoformat(), period=period.key)
    return record


def entryextension_extend(record: EntryExtension, by, *, open_until: datetime.date, reason: str) -> EntryExtension:
    """Reopen again, or change until when (a later or an earlier day), with a reason (audited)."""
    def guard(locked):
        _check_extension_end(locked.province, locked.period, open_until)

    with transition(record, "entryextension_extend", by, guard, reason=reason, period=record.period_key) as step:
        step.set(open_until=open_until, reason=reason, granted_by=by, granted_at=timezone.now())
    return step.obj


def refuse_extension_edit(record: EntryExtension) -> None:
    raise WorkflowError(_("A reopening is not edited: change until when it lasts, with a reason."))


def period_verify(by, *, province, period: Period, note: str = "") -> PeriodVerification:
    """The provincial manager marks a province's values of a period verified (the first time:
    a new row; after a reopening, the step `verify` below)."""
    existing = verification_of(province, period.key)
    if existing is not None:
        check_can_verify(existing)
        return periodverification_verify(existing, by, note=note)
    if not IndicatorValue.objects.filter(province=province, period_key=period.key).exists():
        raise WorkflowError(_("No values are entered for %(period)s in %(province)s yet: there is nothing to "
                              "verify.") % {"period": period.label, "province": province})
    record = PeriodVerification.objects.create(
        province=province, period_key=period.key, period_start=period.start, note=note,
        status=VerificationStatus.VERIFIED, verified_by=by, verified_at=timezone.now(), created_by=by)
    audit_event(record, "periodverification_verify", by,
                values=IndicatorValue.objects.filter(province=province, period_key=period.key).count())
    return record


def refuse_verification_edit(record: PeriodVerification) -> None:
    raise WorkflowError(_("A verification is not edited: reopen it for corrections, then verify it again."))


def check_can_verify(record: PeriodVerification) -> None:
    from core.services import Inapplicable

    if record.is_verified:
        raise Inapplicable(_("These values are already verified."))


def check_can_reopen(record: PeriodVerification) -> None:
    from core.services import Inapplicable

    if not record.is_verified:
        raise Inapplicable(_("These values are open for corrections already."))


def periodverification_verify(record: PeriodVerification, by, *, note: str = "") -> PeriodVerification:
    """Verify again, after the corrections a reopening allowed."""
    with transition(record, "periodverification_verify", by, check_can_verify, note=note) as step:
        step.set(status=VerificationStatus.VERIFIED, verified_by=by, verified_at=timezone.now(),
                 note=note or step.obj.note)
    return step.obj


def periodverification_reopen(record: PeriodVerification, by, *, reason: str) -> PeriodVerification:
    """Open verified values for corrections, saying why (audited); verify them again after."""
    with transition(record, "periodverification_reopen", by, check_can_reopen, reason=reason) as step:
        step.set(status=VerificationStatus.REOPENED, reopened_by=by, reopened_at=timezone.now(), reopen_reason=reason)
    return step.obj


def _check_constraints(value: IndicatorValue) -> None:
    """The model's check constraints (value or not available; a named source) as messages."""
    errors = []
    for constraint in IndicatorValue._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            continue
        try:
            constraint.validate(IndicatorValue, value, exclude={"letter_scan"})
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)


# --- websites ------------------------------------------------------------------------------

def check_can_mark_checked(website: Website) -> None:
    if website.last_checked_on == timezone.localdate():
        raise WorkflowError(_("This website was already checked today."))


def website_mark_checked(website: Website, by, *, note: str = "") -> Website:
    """Someone opened the site today and found it as the register says."""
    with transition(website, "website_mark_checked", by, check_can_mark_checked, note=note) as step:
        step.set(last_checked_on=timezone.localdate(), checked_by=by)
    return step.obj


# --- Excel imports (run by the task worker, indicators.tasks) -------------------------------

log = logging.getLogger(__name__)

# What an import keeps of its rejected rows (for the page and the workbook), bounded: a
# hostile file's rejects must not bloat the database.
KEPT_REJECTS, KEPT_COLUMNS, KEPT_CELL_LENGTH = 5_000, 20, 300


def valueimport_upload(upload, by) -> ValueImport:
    """Check an uploaded file with the roster's guards (importer.ImportRefused with the reason),
    keep it in the private media folder and queue it for the task worker."""
    from . import importer
    from .tasks import run_value_import

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        importer.check_file(handle.name)
        with transaction.atomic():
            record = ValueImport.objects.create(
                original_name=Path(upload.name or "").name[:ValueImport._meta.get_field("original_name").max_length],
                province_id=None if getattr(by, "has_national_scope", False) else by.province_id, created_by=by)
            with open(handle.name, "rb") as source:
                record.file.save("upload.xlsx", File(source), save=True)
            audit_event(record, "valueimport_upload", by)
            transaction.on_commit(lambda: run_value_import.enqueue(record.pk))
    return record


# --- cancelling (a person's step, declared in workflows.VALUE_IMPORT) ---

def check_can_cancel_import(record: ValueImport) -> None:
    """Only a queued or running import can be cancelled; an ended one offers no cancel (its
    button is hidden, the API answers 409 with this reason)."""
    if record.status not in (ValueImportStatus.QUEUED, ValueImportStatus.RUNNING):
        raise Inapplicable(_("This import has already ended; there is nothing left to cancel."))
    if record.cancel_requested:
        raise Inapplicable(_("Cancelling was already asked for; the import stops before it saves anything."))


def valueimport_cancel(record: ValueImport, by) -> ValueImport:
    """Cancel an import. A queued one ends at once (the worker then skips it); a running one is
    asked to stop (`cancel_requested`): the worker, which writes every row in one transaction,
    rolls them all back and ends it cancelled — nothing from the file is saved either way."""
    with transition(record, "valueimport_cancel", by, check_can_cancel_import) as step:
        if step.obj.status == ValueImportStatus.RUNNING:
            step.set(cancel_requested=True)
        else:
            step.set(status=ValueImportStatus.CANCELLED, finished_at=timezone.now(), cancel_requested=False,
                     lease_owner="", lease_until=None)
            transaction.on_commit(lambda pk=step.obj.pk: _drop_upload(pk))
    return step.obj


def _drop_upload(pk: int) -> None:
    """An ended import's upload is not kept (its figures, if any, are in the database)."""
    record = ValueImport.objects.filter(pk=pk).first()
    if record is not None and record.finished and record.file:
        record.file.delete(save=False)
        ValueImport.objects.filter(pk=pk).update(file="")


def _cancel_asked(pk: int, *, lock: bool = False) -> bool:
    records = ValueImport.objects.select_for_update() if lock else ValueImport.objects
    return bool(records.filter(pk=pk).values_list("cancel_requested", flat=True).first())


def _ended(pk: int, owner: str, **fields) -> bool:
    """End the import if this run still holds it (its lease); False when another run took over."""
    with transaction.atomic():
        updated = ValueImport.objects.filter(pk=pk, status=ValueImportStatus.RUNNING, lease_owner=owner).update(
            finished_at=timezone.now(), lease_owner="", lease_until=None, **fields)
    return bool(updated)


def failed_message() -> str:
    return _("The import stopped because of an unexpected error; nothing from this file was saved. Try again "
             "later; if it fails again, send the file to the programme's support.")


def valueimport_run(pk: int) -> str:
    """Run a queued import: its rows and the "done" with the counts are written in one
    transaction, so a run that is killed or fails midway leaves nothing half-written. A file
    refused as a whole, or an unexpected error, ends it "failed" with the reason in Persian.
    A cancel asked meanwhile (checked every few rows and, row locked, just before the commit)
    rolls every row back and ends it "cancelled"; a cancelled queued import is skipped."""
    from core.leases import lease_until, this_worker

    from . import importer

    owner = this_worker()
    with transaction.atomic():
        record = ValueImport.objects.select_for_update().filter(pk=pk).first()
        if record is None or record.status != ValueImportStatus.QUEUED:
            return record.status if record else ""
        record.status, record.started_at, record.finished_at = ValueImportStatus.RUNNING, timezone.now(), None
        record.lease_owner, record.lease_until, record.error = owner, lease_until(), ""
        record.save(update_fields=["status", "started_at", "finished_at", "lease_owner", "lease_until", "error"])
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with record.file.open("rb") as source, tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
                shutil.copyfileobj(source, handle)
                handle.flush()
                with transaction.atomic():
                    result = importer.import_file(handle.name, record.created_by, cancelled=lambda: _cancel_asked(pk))
                    # The row stays locked until the commit: a cancel asked from now on waits,
                    # then finds the import ended.
                    if _cancel_asked(pk, lock=True):
                        raise importer.ImportCancelled
                    rejects = [{"line": item.line, "reason": item.reason,
                                "values": [str(value)[:KEPT_CELL_LENGTH] for value in item.values[:KEPT_COLUMNS]]}
                               for item in result.rejected[:KEPT_REJECTS]]
                    if not _ended(pk, owner, status=ValueImportStatus.DONE, created_rows=result.created,
                                  updated_rows=result.updated, unchanged_rows=result.unchanged,
                                  rejected_rows=len(result.rejected), rejects=rejects,
                                  header=[str(name)[:KEPT_CELL_LENGTH] for name in result.header[:KEPT_COLUMNS]]):
                        raise _TakenOver
        except _TakenOver:
            return ValueImportStatus.RUNNING
        except importer.ImportCancelled:
            with transaction.atomic():
                if _ended(pk, owner, status=ValueImportStatus.CANCELLED, cancel_requested=False):
                    audit_event(record, "valueimport_stop", None)
        except importer.ImportRefused as error:
            _ended(pk, owner, status=ValueImportStatus.FAILED, error=str(error))
        except Exception:
            log.exception("indicator value import %s failed", pk)
            _ended(pk, owner, status=ValueImportStatus.FAILED, error=failed_message())
    record.refresh_from_db()
    if record.finished and record.file:
        record.file.delete(save=True)  # the figures are in the database now; the upload is not kept
    return record.status


class _TakenOver(Exception):
    """Another run holds the import now (this one was presumed dead): roll this one back."""


def stopped_message() -> str:
    return _("The import stopped the program running it more than once; nothing from this file was saved. Check "
             "that the file is the template filled in, or split it into smaller files, then import it again.")


def recover_value_imports() -> int:
    """Imports left "running" by a worker that died (core.leases): nothing of them was written
    (one transaction), so they are queued again — unless that already happened
    SAFIRAN_IMPORT_RESUMES times, then they fail with a reason. One whose cancel was asked ends
    cancelled."""
    from core.leases import fail_task_results, stale

    from .tasks import run_value_import

    handed_back = 0
    for record in stale(ValueImport.objects.filter(status=ValueImportStatus.RUNNING)):
        with transaction.atomic():
            locked = (ValueImport.objects.select_for_update()
                      .filter(pk=record.pk, status=ValueImportStatus.RUNNING, lease_owner=record.lease_owner).first())
            if locked is None:
                continue
            fail_task_results(run_value_import.module_path, locked.pk)
            if locked.cancel_requested:  # cancelled while its worker died: nothing to run again
                locked.status, locked.finished_at, locked.cancel_requested = (ValueImportStatus.CANCELLED,
                                                                              timezone.now(), False)
            elif locked.interrupted_runs >= getattr(settings, "SAFIRAN_IMPORT_RESUMES", 1):
                with translation.override(settings.LANGUAGE_CODE):
                    locked.error = stopped_message()
                locked.status, locked.finished_at = ValueImportStatus.FAILED, timezone.now()
            else:
                locked.status, locked.interrupted_runs = ValueImportStatus.QUEUED, locked.interrupted_runs + 1
                transaction.on_commit(lambda pk=locked.pk: run_value_import.enqueue(pk))
                handed_back += 1
            locked.lease_owner, locked.lease_until = "", None
            locked.save()
    return handed_back


def valueimport_rejects_open(record: ValueImport, by) -> bytes:
    """The rejected rows as a workbook (line, reason, the row's own cells); the download is audited."""
    from . import importer

    audit_event(record, "valueimport_rejects_download", by, action=LogEntry.Action.ACCESS, rows=record.rejected_rows)
    return importer.rejects_workbook(record.header, record.rejects)
