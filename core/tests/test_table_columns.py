"""Every table column over a date or a number speaks Persian (Jalali date, Persian digits).

A column declared as a plain `tables.Column` (to set attrs or linkify) loses the type-specific
column the field would have had, and prints "1 دسامبر 2026" or Latin digits: use JalaliDateColumn,
JalaliDateTimeColumn or NumberColumn (core/tables.py) with the same options instead.
"""
import django_tables2 as tables
import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.tables import SafiranTable

SPOKEN = (models.DateField, models.IntegerField, models.DecimalField, models.FloatField)


def all_tables():
    from importlib import import_module

    for config in apps.get_app_configs():
        try:
            import_module(f"{config.name}.tables")
        except ModuleNotFoundError:
            continue
    seen, stack = [], [SafiranTable]
    while stack:
        table = stack.pop()
        for sub in table.__subclasses__():
            seen.append(sub)
            stack.append(sub)
    return seen


def plain_columns_over_spoken_fields():
    found = []
    for table in all_tables():
        model = getattr(table._meta, "model", None)
        if model is None:
            continue
        for name, column in table.base_columns.items():
            if type(column) is not tables.Column or getattr(column, "render", None) is None:
                continue
            if hasattr(table, f"render_{name}"):
                continue
            accessor = str(column.accessor or name)
            if "__" in accessor or "." in accessor:
                continue
            try:
                field = model._meta.get_field(accessor)
            except FieldDoesNotExist:
                continue
            if isinstance(field, SPOKEN) and not field.choices and not field.is_relation:
                found.append(f"{table.__module__}.{table.__name__}.{name}")
    return found


@pytest.mark.django_db
def test_no_plain_column_over_a_date_or_a_number():
    assert plain_columns_over_spoken_fields() == []
