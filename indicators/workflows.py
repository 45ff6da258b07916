"""Declared steps of the statistics module (core.workflow): the value's creation service (which
updates the row of the same indicator, place, period and source) and a website's check."""
from django.utils.translation import gettext_lazy as _

from core.workflow import Step, Workflow

from . import services
from .forms import WebsiteCheckForm
from .models import IndicatorValue, Website

VALUE = Workflow(IndicatorValue, create=services.value_record)

WEBSITE = Workflow(
    Website,
    steps=[
        Step("check", _("Mark checked today"), services.website_mark_checked, WebsiteCheckForm,
             guard=services.check_can_mark_checked, title=_("Mark the website checked today"), button="btn-success",
             done=_("“%(object)s” is marked checked today."),
             description="Someone opened the site today and found it as the register says."),
    ],
)
