import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import SafiranTable

from .models import User


class UserTable(SafiranTable):
    username = tables.Column(linkify=True, attrs={"td": {"dir": "ltr", "class": "text-end"}})
    full_name = tables.Column(verbose_name=_("name"), accessor="get_full_name", order_by=("last_name", "first_name"))
    is_active = tables.BooleanColumn()

    class Meta(SafiranTable.Meta):
        model = User
        fields = ["username", "full_name", "role", "province", "is_active", "last_login"]
        sequence = fields
