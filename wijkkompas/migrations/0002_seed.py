"""Seed the Wijkkompas tracks, phases and the nodes we could confirm (reference-data.yaml)."""

from django.db import migrations

from wijkkompas.reference_data import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("wijkkompas", "Track"), apps.get_model("wijkkompas", "Phase"), apps.get_model("wijkkompas", "Node"))


class Migration(migrations.Migration):
    dependencies = [("wijkkompas", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
