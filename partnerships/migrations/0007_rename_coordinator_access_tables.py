# Step 3 of 3 (see 0006): the tables take this app's names; rows, keys and constraints stay as
# they are. Content types follow, so anything that refers to them generically still resolves.

from django.db import migrations

MODELS = ["coordinatoraccess", "invitation"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="partnerships", model=model).exists():
            ContentType.objects.filter(app_label="accounts", model=model).update(app_label="partnerships")


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="accounts", model=model).exists():
            ContentType.objects.filter(app_label="partnerships", model=model).update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_coordinator_access_to_partnerships"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0006_coordinator_access_from_accounts"),
    ]

    operations = [
        migrations.AlterModelTable(name="coordinatoraccess", table=None),
        migrations.AlterModelTable(name="invitation", table=None),
        migrations.RunPython(move_content_types, return_content_types),
    ]
