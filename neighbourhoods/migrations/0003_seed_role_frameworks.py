"""Seed the role frameworks from reference-data.yaml (role_frameworks), in Dutch.

The NSOB forms and the strategic roles are active defaults; the other sets are available but
inactive. A beheerder can correct and extend all of them afterwards.
"""

from django.db import migrations

from neighbourhoods.reference_data import seed_role_frameworks


def seed(apps, schema_editor):
    seed_role_frameworks(apps.get_model("neighbourhoods", "RoleFramework"), apps.get_model("neighbourhoods", "Role"))


class Migration(migrations.Migration):
    dependencies = [("neighbourhoods", "0002_roles_and_goals")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
