"""Factories for tests of pledges and receipts."""
from django.utils import timezone

from partners.choices import OrganizationKind
from partners.testing import make_organization

from .choices import PledgeKind, PledgeStatus
from .models import Pledge, Receipt


def make_pledge(province, sponsor=None, **fields):
    sponsor = sponsor or make_organization(province, kind=OrganizationKind.BUSINESS, name=f"شرکت نیک‌اندیشان {province.name}")
    defaults = {"kind": PledgeKind.CASH, "value_rials": 50_000_000, "purpose": "چاپ بروشور",
                "pledged_on": timezone.localdate()}
    return Pledge.objects.create(sponsor=sponsor, **{**defaults, **fields})


def make_receipt(province, **fields):
    pledge = make_pledge(province, status=PledgeStatus.RECEIVED, received_rials=50_000_000)
    defaults = {"received_on": timezone.localdate(), "value_rials": 50_000_000, "description": f"واریز {province.name}"}
    return Receipt.objects.create(pledge=pledge, **{**defaults, **fields})
