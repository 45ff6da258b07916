"""Audit entries written before personal fields were masked (issue 13): codes, mobiles,
phones and emails in their change records, and whole codes searched for in export filters,
are rewritten masked (`******1234`), as new entries are stored."""
from django.db import migrations


def mask_existing(apps, schema_editor):
    from core.privacy import PERSONAL_FIELDS, mask, mask_numbers

    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def masked(value):
        return None if value is None else mask("" if value == "None" else str(value))

    for (app_label, model), fields in PERSONAL_FIELDS.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        for entry in LogEntry.objects.filter(content_type=content_type).only("pk", "changes").iterator():
            changes = entry.changes if isinstance(entry.changes, dict) else None
            if not changes or not fields & changes.keys():
                continue
            for name in fields & changes.keys():
                values = changes[name]
                if isinstance(values, list):
                    changes[name] = [masked(value) for value in values]
            LogEntry.objects.filter(pk=entry.pk).update(changes=changes)
    for entry in LogEntry.objects.filter(additional_data__event="export").only("pk", "additional_data").iterator():
        data = entry.additional_data
        query = (data.get("filters") or {}).get("q") if isinstance(data, dict) else None
        if query and mask_numbers(query) != query:
            data["filters"]["q"] = mask_numbers(query)
            LogEntry.objects.filter(pk=entry.pk).update(additional_data=data)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mask_existing, migrations.RunPython.noop)]
