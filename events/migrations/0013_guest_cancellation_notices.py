"""Guest instructors are told when their event is cancelled (issue 9).

A message (SessionReminder) now names the event it is about (`event`, filled from the
registration for the rows already written, then required), and goes to a registration or —
for a cancellation — to a guest instructor of the roster (`guest`; the mobile stays in the
encrypted roster). Exactly one recipient; one cancellation notice per event and guest.
"""
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_event(apps, schema_editor):
    SessionReminder = apps.get_model("events", "SessionReminder")
    Registration = apps.get_model("events", "Registration")
    SessionReminder.objects.filter(event__isnull=True).update(
        event_id=Subquery(Registration.objects.filter(pk=OuterRef("registration_id")).values("event_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0012_registration_created_index"),
        ("retirees", "0006_merge_20261130_1452"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sessionreminder",
            options={"ordering": ["-created_at", "-pk"], "verbose_name": "message about an event",
                     "verbose_name_plural": "messages about events"},
        ),
        migrations.AddField(
            model_name="sessionreminder",
            name="event",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="messages",
                                    to="events.event", verbose_name="event"),
        ),
        migrations.RunPython(fill_event, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="sessionreminder",
            name="event",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="messages",
                                    to="events.event", verbose_name="event"),
        ),
        migrations.AlterField(
            model_name="sessionreminder",
            name="registration",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="reminders", to="events.registration", verbose_name="registration"),
        ),
        migrations.AddField(
            model_name="sessionreminder",
            name="guest",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="event_messages", to="retirees.retiree",
                                    verbose_name="guest instructor"),
        ),
        migrations.AddConstraint(
            model_name="sessionreminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "cancelled")), fields=("event", "guest"),
                name="guest_cancellation_notice_once",
                violation_error_message="This guest instructor was already told the event is cancelled."),
        ),
        migrations.AddConstraint(
            model_name="sessionreminder",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("guest__isnull", True), ("registration__isnull", False)),
                                   models.Q(("guest__isnull", False), ("kind", "cancelled"),
                                            ("registration__isnull", True)), _connector="OR"),
                name="session_reminder_one_recipient",
                violation_error_message="A message goes to one registered person, or to one guest instructor when "
                                        "the event is cancelled."),
        ),
    ]
