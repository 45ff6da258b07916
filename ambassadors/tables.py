import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import display
from core.privacy import shown
from core.tables import WIDE_ONLY, DigitsColumn, JalaliDateColumn, ManyColumn, SafiranTable

from .models import Ambassador


class AmbassadorTable(SafiranTable):
    full_name = tables.Column(
        verbose_name=_("name"), linkify=True, order_by=("last_name", "first_name"), accessor="full_name"
    )
    # Not orderable: sorting by a masked value reveals it (issue 13); it is encrypted besides.
    mobile = DigitsColumn(
        verbose_name=_("mobile"), orderable=False, attrs={"th": WIDE_ONLY["th"], "td": {**WIDE_ONLY["td"], "dir": "ltr"}}
    )
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)
    county = tables.Column(attrs=WIDE_ONLY)
    joined_on = JalaliDateColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Ambassador
        fields = ["full_name", "province", "county", "areas", "status", "mobile", "joined_on"]
        sequence = fields

    def value_mobile(self, value):
        return shown(getattr(self.request, "user", None), value, "ambassadors.view_personal_ambassador")

    def render_mobile(self, value):
        return display.digits(self.value_mobile(value))
