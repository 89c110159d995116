"""Migrating a database with history written before `ChangeEntry.internal` existed marks the
entries a coordinator must not see; the others stay visible."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import ChangeEntry as CurrentChangeEntry


@pytest.mark.django_db(transaction=True)
def test_old_entries_that_are_internal_as_a_whole_are_marked():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # core before the field; partnerships (for the initiative's content type) as it is
    before = [("core", "0001_initial"), *(node for node in latest if node[0] == "partnerships")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    ChangeEntry = old.get_model("core", "ChangeEntry")
    ContentType = old.get_model("contenttypes", "ContentType")
    Initiative = old.get_model("partnerships", "Initiative")
    initiative_type, _ = ContentType.objects.get_or_create(app_label="partnerships", model="initiative")
    initiative = Initiative.objects.create(name="Zon op Zuid")

    def entry(*changes):
        return ChangeEntry.objects.create(
            content_type=initiative_type,
            object_id=str(initiative.pk),
            object_repr="Zon op Zuid",
            actor_repr="Staf",
            action="update",
            changes=[{"field": f, "label": f, "old": "", "new": "x"} for f in changes],
        ).pk

    notes_only, handover, log_event = entry("notes"), entry("contact", "deputy"), entry("log")
    mixed, shared, empty = entry("notes", "phone"), entry("phone"), entry()

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    internal = set(CurrentChangeEntry.objects.filter(internal=True).values_list("pk", flat=True))
    assert internal == {notes_only, handover, log_event}
    assert not internal & {mixed, shared, empty}
