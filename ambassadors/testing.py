"""Factories for tests of ambassadors."""
from core.testing import national_code
from geo.testing import make_county

from .models import Ambassador


def make_ambassador(province, **fields):
    defaults = {"first_name": "مریم", "last_name": f"احمدی {province.code}", "gender": "female", "national_code": national_code()}
    return Ambassador.objects.create(province=province, county=make_county(province), **{**defaults, **fields})
