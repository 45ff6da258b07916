import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import WIDE_ONLY, NumberColumn, SafiranTable, YesNoColumn

from .models import Facility


class FacilityTable(SafiranTable):
    name = tables.Column(linkify=True)
    county = tables.Column()
    seats = NumberColumn()
    step_free = YesNoColumn(verbose_name=_("step-free access"), attrs=WIDE_ONLY)
    owner = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Facility
        fields = ["name", "county", "seats", "step_free", "owner", "status"]
        sequence = fields
