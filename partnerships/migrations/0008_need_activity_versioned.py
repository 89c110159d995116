"""Needs and activities become versioned records (lost-update protection for their edit forms).

Existing rows keep their data and start at version 1. A need's last change is taken to be its
creation; an activity had no timestamps, so it gets the time of this migration.
"""

import django.utils.timezone
from django.db import migrations, models


def need_updated_at_is_created_at(apps, schema_editor):
    Need = apps.get_model("partnerships", "Need")
    Need.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0007_rename_coordinator_access_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="need",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.RunPython(need_updated_at_is_created_at, migrations.RunPython.noop),
        migrations.AddField(
            model_name="activity",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="activity",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created at"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="activity",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
    ]
