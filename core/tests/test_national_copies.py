"""National-scale data (core/national.py): a record a province may have only one of is copied
once per province, whether its rule is a unique constraint or a one-to-one link."""
from core.national import _once_per_province
from publishing.models import WorkingGroup
from reports.models import MonthlyReport


def test_one_to_one_with_a_province_is_copied_once_per_province():
    # seed_demo --scale national --fraction 0.1 (3 copies) failed: UNIQUE constraint failed:
    # publishing_workinggroup.province_id.
    assert _once_per_province(WorkingGroup, set())
    assert _once_per_province(MonthlyReport, set())
