"""ChangeEntry.internal: entries whose every change only municipal staff may see.

Existing entries are marked by the rules that applied when they were written: on an initiative
its internal notes, contacts and contact-log events (which did not say whether the log entry was
shared), on a partnership the reason to start early, on a conversation its internal notes.
"""

from django.db import migrations, models

# model -> fields (and event keys) only staff see, as the history pages filtered them until now
INTERNAL = {
    "initiative": {"notes", "contact", "deputy", "internal_notes", "start_reason", "log"},
    "partnership": {"notes", "contact", "deputy", "internal_notes", "start_reason"},
    "conversation": {"notes", "contact", "deputy", "internal_notes", "start_reason"},
}


def mark_internal(apps, schema_editor):
    ChangeEntry = apps.get_model("core", "ChangeEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for content_type in ContentType.objects.filter(app_label="partnerships", model__in=INTERNAL):
        fields = INTERNAL[content_type.model]
        internal = [
            pk
            for pk, changes in ChangeEntry.objects.filter(content_type=content_type)
            .values_list("pk", "changes")
            .iterator(chunk_size=2000)
            if changes and all(c.get("field") in fields for c in changes)
        ]
        for start in range(0, len(internal), 500):
            ChangeEntry.objects.filter(pk__in=internal[start : start + 500]).update(internal=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="changeentry",
            name="internal",
            field=models.BooleanField(default=False, verbose_name="internal to the municipality"),
        ),
        migrations.RunPython(mark_internal, migrations.RunPython.noop),
    ]
