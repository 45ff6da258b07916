import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core import display
from core.privacy import mask
from core.tables import WIDE_ONLY, DigitsColumn, SafiranTable

from .models import Agency, Child, Retiree, RosterImport


class RetireeTable(SafiranTable):
    full_name = tables.Column(verbose_name=_("name"), linkify=True, order_by=("last_name", "first_name"), accessor="full_name")
    national_code = DigitsColumn(verbose_name=_("national code"), accessor="national_code", orderable=False)
    county = tables.Column(attrs=WIDE_ONLY)
    specialty = tables.Column(attrs=WIDE_ONLY)
    agency = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Retiree
        fields = ["full_name", "national_code", "province", "county", "gender", "birth_date", "education", "specialty",
                  "agency", "consent_contact"]
        sequence = fields

    # Lists never show personal data in clear; revealing is a separate, audited action.
    def render_national_code(self, value):
        return display.digits(mask(value))

    def value_national_code(self, value):
        return mask(value)


class ChildTable(SafiranTable):
    full_name = tables.Column(verbose_name=_("name"), linkify=True, order_by=("last_name", "first_name"),
                              accessor="first_name")
    retiree = tables.Column(linkify=True)

    class Meta(SafiranTable.Meta):
        model = Child
        fields = ["full_name", "relation", "birth_year", "education", "field_of_study", "retiree", "consent_contact"]
        sequence = fields

    def render_full_name(self, record):
        return str(record)

    def render_birth_year(self, value):
        return display.digits(value)


class RosterImportTable(SafiranTable):
    original_name = tables.Column(linkify=True)

    class Meta(SafiranTable.Meta):
        model = RosterImport
        fields = ["original_name", "province", "status", "processed_rows", "saved_rows", "rejected_rows", "created_at",
                  "created_by"]
        sequence = fields


class AgencyTable(SafiranTable):
    name = tables.Column(linkify=True)

    class Meta(SafiranTable.Meta):
        model = Agency
        fields = ["name", "is_active", "created_at"]
        sequence = fields
