import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import (
    WIDE_ONLY,
    JalaliDateColumn,
    ManyColumn,
    MoneyColumn,
    SafiranTable,
)

from .models import Pledge, Receipt


class PledgeTable(SafiranTable):
    # "<sponsor> — <kind of support>", linking to the pledge.
    pledge = tables.Column(verbose_name=_("pledge"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                           order_by=("sponsor__name", "pk"))
    received_rials = MoneyColumn(attrs=WIDE_ONLY)
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)
    pledged_on = JalaliDateColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Pledge
        fields = ["pledge", "value_rials", "received_rials", "status", "pledged_on", "areas"]
        sequence = fields

    def render_pledge(self, record):
        return str(record)

    def value_pledge(self, record):
        return str(record)


class ReceiptTable(SafiranTable):
    description = tables.Column(linkify=True)
    sponsor = tables.Column(verbose_name=_("sponsor"), accessor="pledge__sponsor", linkify=True)
    pledge = tables.Column(linkify=True, attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Receipt
        fields = ["received_on", "description", "sponsor", "value_rials", "pledge"]
        sequence = fields
