import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import DigitsColumn, NumberColumn, SafiranTable

from .models import County, Province


class ProvinceTable(SafiranTable):
    name = tables.Column(linkify=True)
    code = DigitsColumn()
    county_count = NumberColumn(verbose_name=_("counties"), orderable=False)

    class Meta(SafiranTable.Meta):
        model = Province
        fields = ["name", "code", "center", "county_count"]


class CountyTable(SafiranTable):
    name = tables.Column(linkify=True)
    code = DigitsColumn()

    class Meta(SafiranTable.Meta):
        model = County
        fields = ["name", "province", "code"]
