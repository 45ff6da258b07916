"""The workflows of spaces, events and registrations, declared once: pages, API endpoints and
the detail pages' buttons all come from here (core.workflow)."""
from django.utils.translation import gettext_lazy as _

from core.forms import ReasonForm
from core.workflow import Step, Workflow

from . import services
from .forms import FacilityVerifyForm
from .models import Facility

FACILITY = Workflow(
    Facility,
    edit_guard=services.check_can_change_facility,
    steps=[
        Step("verify", _("Record the visit"), services.facility_verify, FacilityVerifyForm,
             guard=services.check_can_verify, title=_("Verify the space after a visit"), button="btn-success",
             initial=lambda facility: {"seats": facility.seats},
             done=_("“%(object)s” is verified. Open it for booking when it is ready."),
             description="Record the visit; the seats counted there replace the reported number."),
        Step("open", _("Open for booking"), services.facility_open, permission="verify",
             guard=services.check_can_open, button="btn-success",
             done=_("“%(object)s” is available: events can book it now.")),
        Step("mark_unsuitable", _("Unsuitable"), services.facility_mark_unsuitable, ReasonForm, permission="retire",
             url_path="unsuitable", guard=services.check_can_mark_unsuitable, title=_("Mark the space unsuitable"),
             button="btn-outline-danger", done=_("“%(object)s” is marked unsuitable and stays on record.")),
        Step("retire", _("No longer available"), services.facility_retire, ReasonForm, guard=services.check_can_retire,
             title=_("Mark the space no longer available"), button="btn-outline-danger",
             done=_("“%(object)s” is no longer available and stays on record.")),
    ],
)
