"""Factories for tests of indicators, their values and websites."""
import datetime
import itertools
from decimal import Decimal

from partners.choices import OrganizationKind
from partners.testing import make_organization

from . import periods, services
from .choices import IndicatorScope, PeriodType, SourceKind
from .models import Indicator, Website

_serial = itertools.count(1)


def make_indicator(province=None, **fields):
    """A provincial indicator of `province`, or a national one when province is None."""
    defaults = {"name": f"تصادفات سالمندان {next(_serial)}", "unit": "مورد", "period_type": PeriodType.MONTH,
                "min_value": Decimal(0), "max_value": Decimal(1000),
                "scope": IndicatorScope.PROVINCIAL if province is not None else IndicatorScope.NATIONAL}
    return Indicator.objects.create(province=province, **{**defaults, **fields})


def make_source(province, **fields):
    return make_organization(province, kind=OrganizationKind.STATISTICAL_SOURCE,
                             **{"name": f"استانداری {province.name} {next(_serial)}", **fields})


def make_value(province, indicator=None, period="1404-07", value=Decimal(120), by=None, **fields):
    """A value entered through the service, from an organisation's letter unless told."""
    indicator = indicator or make_indicator(province)
    arguments = {"indicator": indicator, "province": province, "period": periods.parse(period, indicator.period_type),
                 "value": value, "not_available": value is None}
    if value is None:
        arguments["not_available_reason"] = "منبع این آمار را ندارد"
    if fields.get("source_kind") != SourceKind.WEBSITE:
        arguments.update(source_kind=SourceKind.ORGANIZATION, organization=fields.pop("organization", None)
                         or make_source(province), letter_number="۱۲/۳۴۵", letter_date=datetime.date(2025, 10, 20))
    arguments.update(fields)
    return services.value_record(by, **arguments)


def make_website(province=None, **fields):
    defaults = {"name": f"درگاه آمار {next(_serial)}", "url": f"https://amar{next(_serial)}.example.ir",
                "publishes": "سالنامهٔ آماری"}
    return Website.objects.create(province=province, **{**defaults, **fields})
