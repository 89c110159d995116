# Step 2 of 3 of moving CoordinatorAccess and Invitation to `partnerships` (see partnerships 0006):
# they leave this app's state. The tables stay; partnerships 0007 renames them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_email_plain_validator"),
        ("partnerships", "0006_coordinator_access_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="coordinatoraccess", name="one_active_access"),
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="CoordinatorAccess"),
            ],
            database_operations=[],
        ),
    ]
