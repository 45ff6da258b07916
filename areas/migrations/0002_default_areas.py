from django.db import migrations


def seed(apps, schema_editor):
    from areas.defaults import DEFAULT_AREAS

    Area = apps.get_model("areas", "Area")
    for order, (slug, name, description) in enumerate(DEFAULT_AREAS, start=1):
        Area.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
