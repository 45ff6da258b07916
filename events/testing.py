"""Factories for tests of spaces, events, sessions and registrations."""
import datetime
import itertools

from django.utils import timezone

from geo.testing import make_county

from .choices import FacilityStatus
from .models import Facility

_serial = itertools.count(1)


def make_facility(province, status=FacilityStatus.AVAILABLE, **fields):
    """A space in `status`, its fields consistent with the database rules."""
    defaults = {
        "name": f"سالن اجتماعات شماره {next(_serial)}", "county": make_county(province), "address": "خیابان آزادی، پلاک ۱۲",
        "seats": 40, "free_times": "شنبه تا چهارشنبه، ۸ تا ۱۴", "step_free": True,
    }
    if status != FacilityStatus.REPORTED:
        defaults["visited_on"] = timezone.localdate() - datetime.timedelta(days=3)
    if status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
        defaults["status_reason"] = "پله‌های زیاد"
    return Facility.objects.create(province=province, status=status, **{**defaults, **fields})
