"""Template filters used on every page (loaded as a builtin)."""
from django import template
from django.urls import reverse

from core import display, jalali

register = template.Library()


@register.filter
def jdate(value):
    return jalali.format_date(value)


@register.filter
def jdatetime(value):
    return jalali.format_datetime(value)


@register.filter
def fanum(value):
    """A number with grouping, in Persian digits in the Persian UI."""
    return display.number(value)


@register.filter
def fadigits(value):
    """Digits only (codes, phone numbers, years): no grouping."""
    return display.digits(value)


@register.filter
def money(value, unit="toman"):
    return display.money(value, unit)


@register.simple_tag
def model_url(model_or_obj, action, *args):
    return reverse(model_or_obj.url_name(action), args=args or None)


@register.filter
def verbose_name_plural(obj):
    return obj._meta.verbose_name_plural


@register.filter
def verbose_name(obj):
    return obj._meta.verbose_name


@register.filter
def minutes(value):
    """A timedelta as whole minutes (rounded up), for messages such as the lockout page."""
    if value is None:
        return ""
    return -(-int(value.total_seconds()) // 60)


@register.inclusion_tag("core/chart.html")
def chart(chart):
    """A core.charts.Chart as a drawn canvas (static/js/charts.js) and, unless the page has it, its table."""
    return {"chart": chart}


@register.simple_tag
def table_rows(table):
    """A django_tables2 table's body rows, written in Python (core.tables.rows_html)."""
    from core.tables import rows_html

    return rows_html(table)
