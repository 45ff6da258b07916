import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import display
from core.privacy import shown
from core.tables import (
    WIDE_ONLY,
    DigitsColumn,
    JalaliDateColumn,
    ManyColumn,
    SafiranTable,
)

from .models import Contact, Interaction, Organization

PERSONAL = "partners.view_personal_contact"


class OrganizationTable(SafiranTable):
    name = tables.Column(linkify=True)
    county = tables.Column(attrs=WIDE_ONLY)
    areas = ManyColumn(verbose_name=_("areas served"), attrs=WIDE_ONLY)
    phone = DigitsColumn(attrs={"th": WIDE_ONLY["th"], "td": {**WIDE_ONLY["td"], "dir": "ltr"}})

    class Meta(SafiranTable.Meta):
        model = Organization
        fields = ["name", "kind", "province", "county", "areas", "phone"]
        sequence = fields


class ContactTable(SafiranTable):
    full_name = tables.Column(verbose_name=_("name"), linkify=True, order_by=("last_name", "first_name"), accessor="full_name")
    organization = tables.Column(linkify=True)
    # Not orderable: sorting by a masked value reveals it (issue 13); it is encrypted besides.
    mobile = DigitsColumn(
        verbose_name=_("mobile"), orderable=False, attrs={"th": WIDE_ONLY["th"], "td": {**WIDE_ONLY["td"], "dir": "ltr"}}
    )
    term_end = JalaliDateColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Contact
        fields = ["full_name", "organization", "role", "position", "mobile", "term_end"]
        sequence = fields

    def value_mobile(self, value):
        return shown(getattr(self.request, "user", None), value, PERSONAL)

    def render_mobile(self, value):
        return display.digits(self.value_mobile(value))


class InteractionTable(SafiranTable):
    subject = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Interaction
        fields = ["occurred_on", "subject", "kind", "organization", "areas"]
        sequence = fields
