from django.db import migrations


def load(apps, schema_editor):
    from geo.reference import load_divisions

    load_divisions(apps.get_model("geo", "Province"), apps.get_model("geo", "County"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
