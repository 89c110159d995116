import pytest
from django.core.exceptions import PermissionDenied

from core import history
from core.models import ChangeEntry
from neighbourhoods.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_record_create_lists_initial_values_and_actor(beheerder):
    municipality = MunicipalityFactory(name="Gemeente Baarn", cbs_code="GM0308")
    entry = history.record_create(municipality, actor=beheerder, fields=["name", "cbs_code", "address"])
    assert entry.actor == beheerder
    assert entry.actor_repr == str(beheerder)
    assert entry.action == ChangeEntry.Action.CREATE
    assert {c["field"]: c["new"] for c in entry.changes} == {"name": "Gemeente Baarn", "cbs_code": "GM0308"}
    assert list(ChangeEntry.objects.for_object(municipality)) == [entry]


def test_history_is_append_only(beheerder):
    municipality = MunicipalityFactory()
    entry = history.record_create(municipality, actor=beheerder, fields=["name"])
    entry.note = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        ChangeEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(PermissionDenied):
        ChangeEntry.objects.all().delete()
    assert ChangeEntry.objects.get(pk=entry.pk).note == ""


def test_history_keeps_the_name_of_a_deleted_actor(beheerder):
    municipality = MunicipalityFactory()
    history.record_create(municipality, actor=beheerder, fields=["name"])
    name = str(beheerder)
    beheerder.delete()
    entry = ChangeEntry.objects.for_object(municipality).get()
    assert entry.actor is None
    assert entry.actor_repr == name


def test_display_values_use_choice_labels(medewerker):
    from neighbourhoods.tests.factories import WijkFactory

    wijk = WijkFactory(heat_strategy="S2")
    snap = history.snapshot(wijk, ["heat_strategy", "promising_start_area", "inhabitants"])
    assert snap["heat_strategy"].startswith("S2")
    assert snap["heat_strategy"] != "S2"
    assert snap["promising_start_area"] == "nee"
    assert snap["inhabitants"] == ""
