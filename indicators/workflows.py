"""Declared steps of the statistics module (core.workflow): the value's creation service (which
updates the row of the same indicator, place, period and source) and its edit guard, the
verification of a province's period, a website's check and the cancel of an Excel import."""
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import ExtendEntryForm, VerifyAgainForm, WebsiteCheckForm
from .models import EntryExtension, IndicatorValue, PeriodVerification, ValueImport, Website

# A value may be edited only while its province's period is open (not verified, entry not closed).
VALUE = Workflow(IndicatorValue, create=services.value_record, edit_guard=services.check_value_editable)

# DHIS2-style data approval of a province's values of one period: created verified (the
# provincial manager), reopened with a reason, verified again.
VERIFICATION = Workflow(
    PeriodVerification,
    create=services.period_verify,
    edit_guard=services.refuse_verification_edit,
    steps=[
        Step("reopen", _("Reopen for corrections"), services.periodverification_reopen, ReasonForm,
             guard=services.check_can_reopen, title=_("Reopen these values for corrections"), button="btn-outline-danger",
             done=_("“%(object)s” is open for corrections; verify it again once they are made."),
             description="Verified values of a province's period are opened for corrections; the reason is audited."),
        Step("verify", _("Verify again"), services.periodverification_verify, VerifyAgainForm,
             guard=services.check_can_verify, title=_("Verify these values again"), button="btn-success",
             done=_("“%(object)s” is verified."),
             description="The reopened values, corrected, are verified again and locked."),
    ],
)

# Entry of a province's period reopened after it closed, until a chosen day (DHIS2's lock
# exception, for a limited time), by those who may reopen verified values.
EXTENSION = Workflow(
    EntryExtension,
    create=services.entryextension_grant,
    edit_guard=services.refuse_extension_edit,
    steps=[
        Step("extend", _("Change until when"), services.entryextension_extend, ExtendEntryForm,
             title=_("Change until when entry stays reopened"), button="btn-outline-primary",
             initial=lambda record: {"open_until": record.open_until},
             done=lambda record, user: _("Entry of “%(object)s” is reopened until the end of %(day)s.") % {
                 "object": record, "day": jalali.format_date_long(record.open_until)},
             description="Entry of a province's period is reopened again, or until another day; the reason is audited."),
    ],
)

WEBSITE = Workflow(
    Website,
    steps=[
        Step("check", _("Mark checked today"), services.website_mark_checked, WebsiteCheckForm,
             guard=services.check_can_mark_checked, title=_("Mark the website checked today"), button="btn-success",
             done=_("“%(object)s” is marked checked today."),
             description="Someone opened the site today and found it as the register says."),
    ],
)

# An Excel import is cancelled while it waits or runs (the roster import's step, smaller: no
# run-again, since nothing of a cancelled import was saved — upload the file again). Taken with
# the import's change permission, held by those who may import (coordinators, managers).
VALUE_IMPORT = Workflow(
    ValueImport,
    steps=[
        Step("cancel", _("Cancel this import"), services.valueimport_cancel, permission="change",
             guard=services.check_can_cancel_import, button="btn-outline-danger",
             done=_("The import is cancelled; nothing from this file is saved. A running import stops "
                    "before it saves anything."),
             description="Cancel a queued or running import: a queued one ends at once; a running one rolls "
                         "back every row it read and ends cancelled. Nothing from the file is saved. "
                         "409 once the import has ended."),
    ],
)
