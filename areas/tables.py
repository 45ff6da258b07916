import django_tables2 as tables

from core.tables import SafiranTable

from .models import Area


class AreaTable(SafiranTable):
    name = tables.Column(linkify=True)
    is_active = tables.BooleanColumn()

    class Meta(SafiranTable.Meta):
        model = Area
        fields = ["order", "name", "description", "is_active"]
