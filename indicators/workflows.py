"""Declared steps of the statistics module (core.workflow): the value's creation service (which
updates the row of the same indicator, place, period and source) and its edit guard, the
verification of a province's period, and a website's check."""
from django.utils.translation import gettext_lazy as _

from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import VerifyAgainForm, WebsiteCheckForm
from .models import IndicatorValue, PeriodVerification, Website

# A value may be edited only while its province's period is not verified.
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

WEBSITE = Workflow(
    Website,
    steps=[
        Step("check", _("Mark checked today"), services.website_mark_checked, WebsiteCheckForm,
             guard=services.check_can_mark_checked, title=_("Mark the website checked today"), button="btn-success",
             done=_("“%(object)s” is marked checked today."),
             description="Someone opened the site today and found it as the register says."),
    ],
)
