import uuid

from django.db import migrations, models


def give_keys(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for pk in Notification.objects.values_list("pk", flat=True).iterator():
        Notification.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_notification_read_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="status",
            field=models.CharField(choices=[("queued", "Waiting to be sent"), ("sending", "Being sent"), ("sent", "Sent"),
                                            ("failed", "Could not be sent")], default="queued", max_length=8,
                                   verbose_name="status"),
        ),
        migrations.AddField(
            model_name="notification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="notification",
            name="lease_owner",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="notification",
            name="lease_until",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # Existing rows get a key each before the column becomes unique.
        migrations.AddField(
            model_name="notification",
            name="idempotency_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="idempotency_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
