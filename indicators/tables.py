import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import display
from core.tables import WIDE_ONLY, JalaliDateColumn, JalaliDateTimeColumn, NumberColumn, SafiranTable

from .models import (
    EntryExtension,
    Indicator,
    IndicatorValue,
    PeriodVerification,
    ValueImport,
    Website,
    verified_periods,
)


class IndicatorTable(SafiranTable):
    name = tables.Column(linkify=True)
    area = tables.Column(attrs=WIDE_ONLY, default=_("All areas"))
    unit = tables.Column()
    period_type = tables.Column()
    scope = tables.Column(attrs=WIDE_ONLY)
    province = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = Indicator
        fields = ["name", "area", "unit", "period_type", "scope", "province"]
        sequence = fields


class IndicatorValueTable(SafiranTable):
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())
    place = tables.Column(verbose_name=_("place"), accessor="province", order_by=("province__name", "county__name"))
    period = tables.Column(verbose_name=_("period"), accessor="period_start")
    figure = tables.Column(verbose_name=_("figure"), accessor="value", empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    source = tables.Column(verbose_name=_("source"), accessor="source_kind", orderable=False, attrs=WIDE_ONLY)
    verification = tables.Column(verbose_name=_("verification"), accessor="pk", orderable=False, empty_values=())

    class Meta(SafiranTable.Meta):
        model = IndicatorValue
        fields = ["indicator", "place", "period", "figure", "source", "verification"]
        sequence = fields

    def verified(self, record) -> bool:
        """Whether the record's province and period are verified: read once for the whole page."""
        if not hasattr(self, "_verified"):
            page = getattr(self, "page", None)
            records = [getattr(row, "record", row) for row in page.object_list] if page is not None else list(self.data)
            self._verified = verified_periods((row.province_id, row.period_key) for row in records)
        return (record.province_id, record.period_key) in self._verified

    def render_verification(self, record):
        if self.verified(record):
            return format_html('<span class="badge text-bg-success value-verified">{}</span>', _("verified"))
        return format_html('<span class="badge text-bg-light border value-unverified">{}</span>', _("not verified"))

    def value_verification(self, record):
        return str(_("verified") if self.verified(record) else _("not verified"))

    def render_place(self, record):
        return record.place_text

    def value_place(self, record):
        return record.place_text

    def render_period(self, record):
        return record.period.label

    def value_period(self, record):
        return record.period_key

    def render_figure(self, record):
        if record.not_available:
            # Never an empty cell or a zero: said in words, and marked.
            return format_html('<span class="badge text-bg-secondary not-available">{}</span>', record.value_text)
        return record.value_text

    def value_figure(self, record):
        return str(_("not available")) if record.not_available else record.value

    def render_source(self, record):
        return record.source_text

    def value_source(self, record):
        return record.source_text


class WebsiteTable(SafiranTable):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    province = tables.Column(default=_("National"), attrs=WIDE_ONLY)
    url = tables.Column(attrs={"td": {"dir": "ltr"}, **WIDE_ONLY})
    last_checked_on = tables.Column(empty_values=())

    class Meta(SafiranTable.Meta):
        model = Website
        fields = ["name", "kind", "province", "url", "last_checked_on"]
        sequence = fields

    def render_last_checked_on(self, record):
        text = display.value_text(record, Website._meta.get_field("last_checked_on")) or _("never")
        if record.is_stale:
            return format_html('{} <span class="badge text-bg-warning">{}</span>', text, _("check again"))
        return text

    def value_last_checked_on(self, record):
        return display.value_text(record, Website._meta.get_field("last_checked_on"))


class ValueImportTable(SafiranTable):
    original_name = tables.Column(linkify=True)
    status = tables.Column()
    created_at = JalaliDateTimeColumn()
    created_by = tables.Column(attrs=WIDE_ONLY)
    created_rows = NumberColumn(attrs=WIDE_ONLY)
    updated_rows = NumberColumn(attrs=WIDE_ONLY)
    rejected_rows = NumberColumn()

    class Meta(SafiranTable.Meta):
        model = ValueImport
        fields = ["original_name", "status", "created_at", "created_by", "created_rows", "updated_rows", "rejected_rows"]
        sequence = fields


class PeriodVerificationTable(SafiranTable):
    period = tables.Column(verbose_name=_("period"), accessor="period_start", linkify=lambda record: record.get_absolute_url())
    province = tables.Column()
    status = tables.Column()
    verified_by = tables.Column(attrs=WIDE_ONLY)
    verified_at = JalaliDateTimeColumn(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = PeriodVerification
        fields = ["period", "province", "status", "verified_by", "verified_at"]
        sequence = fields

    def render_period(self, record):
        return record.period.label

    def value_period(self, record):
        return record.period_key


class EntryExtensionTable(SafiranTable):
    period = tables.Column(verbose_name=_("period"), accessor="period_start", linkify=lambda record: record.get_absolute_url())
    province = tables.Column()
    open_until = JalaliDateColumn()
    reason = tables.Column(attrs=WIDE_ONLY)
    granted_by = tables.Column(attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = EntryExtension
        fields = ["period", "province", "open_until", "reason", "granted_by"]
        sequence = fields

    def render_period(self, record):
        return record.period.label

    def value_period(self, record):
        return record.period_key
