"""No two active bookings of one space, or of one instructor, overlap — enforced by PostgreSQL.

Exclusion constraints over the half-open range tstzrange(starts_at, ends_at, '[)'), with
btree_gist for the equality on the space or instructor. Only on PostgreSQL: SQLite has no
exclusion constraints, and there the check in events.booking runs inside an IMMEDIATE (write-
locked) transaction instead. The constraints are kept out of the model state on purpose, so
SQLite's schema never sees them.
"""
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import migrations, models
from django.db.models import Func, Q


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only used as an expression inside the constraint


def _constraints():
    period = TsTzRange("starts_at", "ends_at", RangeBoundary())
    return [
        ExclusionConstraint(
            name="booking_facility_no_overlap",
            expressions=[("facility", RangeOperators.EQUAL), (period, RangeOperators.OVERLAPS)],
            condition=Q(active=True, facility__isnull=False),
        ),
        ExclusionConstraint(
            name="booking_instructor_no_overlap",
            expressions=[("instructor", RangeOperators.EQUAL), (period, RangeOperators.OVERLAPS)],
            condition=Q(active=True, instructor__isnull=False),
        ),
    ]


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    Booking = apps.get_model("events", "Booking")
    for constraint in _constraints():
        schema_editor.add_constraint(Booking, constraint)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Booking = apps.get_model("events", "Booking")
    for constraint in _constraints():
        schema_editor.remove_constraint(Booking, constraint)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_session_booking")]

    operations = [migrations.RunPython(add, remove)]
