"""Factories for tests of the roster and of recruitment."""
import datetime

from core.normalize import search_key
from core.testing import national_code
from geo.testing import make_county

from . import crypto
from .models import Child, Retiree


def make_retiree(province, code=None, mobile="09121234567", **fields) -> Retiree:
    code = code or national_code()
    defaults = {
        "first_name": "پروین", "last_name": f"احمدی {province.code}", "gender": "female",
        "birth_date": datetime.date(1958, 3, 21), "retirement_date": datetime.date(2018, 3, 21),
        "county": make_county(province), "education": "bachelor", "field_of_study": "پرستاری", "specialty": "پرستار",
    }
    values = {**defaults, **fields}
    return Retiree.objects.create(
        province=province, national_code_encrypted=crypto.encrypt(code), national_code_index=crypto.blind_index(code),
        mobile_encrypted=crypto.encrypt(mobile), field_key=search_key(values["field_of_study"]),
        specialty_key=search_key(values["specialty"]), **values,
    )


def make_child(retiree, mobile="09351234567", **fields) -> Child:
    defaults = {"first_name": "سارا", "last_name": retiree.last_name, "relation": "daughter", "birth_year": 1368,
                "education": "master", "field_of_study": "روان‌شناسی", "consent_contact": True}
    values = {**defaults, **fields}
    return Child.objects.create(retiree=retiree, field_key=search_key(values["field_of_study"]),
                                mobile_encrypted=crypto.encrypt(mobile), **values)
