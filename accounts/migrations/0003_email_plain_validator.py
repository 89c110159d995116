import unicodedata

from django.db import migrations, models

import accounts.auth


def _normalise(value):
    # A frozen copy of accounts.auth.normalise_email (NFKC + casefold) as of this migration.
    text = unicodedata.normalize("NFKC", str(value or "").strip())
    return unicodedata.normalize("NFKC", text.casefold())


def normalise_addresses(apps, schema_editor):
    """Logins now look addresses up exactly in their normalised form (they were lowercased only).
    ASCII addresses do not change; an address that would collide with another account's is left
    as it is."""
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    taken = set(User.objects.values_list("email", flat=True))
    for pk, email in User.objects.values_list("pk", "email"):
        new = _normalise(email)
        if new != email and new not in taken:
            User.objects.filter(pk=pk).update(email=new)
            taken.add(new)
    for pk, email in Invitation.objects.values_list("pk", "email"):
        new = _normalise(email)
        if new != email:
            Invitation.objects.filter(pk=pk).update(email=new)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_alter_user_role_coordinatoraccess_invitation_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                max_length=254,
                unique=True,
                validators=[accounts.auth.validate_plain_email],
                verbose_name="email address",
            ),
        ),
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop),
    ]
