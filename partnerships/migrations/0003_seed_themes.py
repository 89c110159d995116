from django.db import migrations

THEMES = [
    ("isolatie", "Isoleren en energie besparen"),
    ("collectieve_warmte", "Collectieve warmte (warmtenet)"),
    ("zon", "Zonne-energie"),
    ("voorlichting", "Voorlichting en advies aan bewoners"),
    ("duurzame_mobiliteit", "Duurzame mobiliteit"),
    ("anders", "Anders"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("partnerships", "Theme")
    for order, (key, label) in enumerate(THEMES):
        Theme.objects.get_or_create(key=key, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_theme_initiative_address_initiative_contact_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
