"""core.national: a record copied once per province whose unique rule names the province keeps
its text (a verified period's key) instead of having it made unique."""
from core.national import _once_per_province, _unique_text_fields
from indicators.models import PeriodVerification
from partners.models import Organization


def test_a_rule_naming_the_province_keeps_its_text_when_copied_once_per_province():
    assert _once_per_province(PeriodVerification, set())
    assert "period_key" not in [field.name for field in _unique_text_fields(PeriodVerification, once=True)]
    assert "period_key" in [field.name for field in _unique_text_fields(PeriodVerification)]
    # Other models are unchanged.
    assert [f.name for f in _unique_text_fields(Organization, once=True)] == [f.name for f in _unique_text_fields(Organization)]
