import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from neighbourhoods.tests.factories import MunicipalityFactory, WijkFactory
from partnerships.tests.factories import InitiativeFactory

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


def test_changes_are_stored_as_keys_and_raw_values():
    wijk = WijkFactory(heat_strategy="S2", wup_date=datetime.date(2026, 11, 28))
    snap = history.snapshot(wijk, ["heat_strategy", "promising_start_area", "inhabitants", "wup_date"])
    assert snap == {"heat_strategy": "S2", "promising_start_area": False, "inhabitants": "", "wup_date": "2026-11-28"}
    changes = history.diff(wijk, {**snap, "promising_start_area": True, "heat_strategy": ""}, snap)
    model = "neighbourhoods.neighbourhood"
    assert changes == [
        {"field": "heat_strategy", "model": model, "type": "choice", "old": "", "new": "S2"},
        {"field": "promising_start_area", "model": model, "type": "bool", "old": True, "new": False},
    ]


def _shown(entry, language, user=None):
    with translation.override(language):
        [shown] = history.readable([ChangeEntry.objects.get(pk=entry.pk)], user)
        return shown.actor, [(c.label, c.old, c.new) for c in shown.changes], shown.note


def test_history_reads_in_the_readers_language(beheerder):
    wijk = WijkFactory(heat_strategy="S2", promising_start_area=True, wup_date=datetime.date(2026, 11, 28))
    entry = history.record_create(wijk, actor=None, fields=["heat_strategy", "promising_start_area", "wup_date"])
    assert entry.actor_repr == ""  # no words in the writer's language
    actor, changes, _note = _shown(entry, "nl", beheerder)
    assert actor == "systeem"
    assert changes == [
        ("voorkeursstrategie warmte", "", "S2 warmtenet met midden- tot hogetemperatuurbron"),
        ("kansrijke startwijk", "", "ja"),
        ("datum van de WUP-status", "", "28 november 2026"),
    ]
    actor, changes, _note = _shown(entry, "en", beheerder)
    assert actor == "system"
    assert changes == [
        ("preferred heat strategy", "", "S2 heat network with a medium to high temperature source"),
        ("promising starting area", "", "yes"),
        ("date of the WUP status", "", "Nov. 28, 2026"),
    ]


def test_events_and_system_notes_read_in_the_readers_language(beheerder):
    initiative = InitiativeFactory()
    entry = history.record(
        initiative,
        actor=beheerder,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("invitation", new="a@example.org")],
        note="intensiteit",
    )
    assert entry.changes == [{"field": "invitation", "type": "event", "old": "", "new": "a@example.org"}]
    assert _shown(entry, "en", beheerder)[1:] == ([("invitation sent", "", "a@example.org")], "intensity assessment")
    dutch = ([("uitnodiging verstuurd", "", "a@example.org")], "intensiteitsbeoordeling")
    assert _shown(entry, "nl", beheerder)[1:] == dutch


def test_entries_written_before_keys_still_read_well(beheerder):
    """Entries already in databases carry Dutch labels and display values: translated where
    recognised, else shown as they were stored."""
    wijk = WijkFactory()
    old = ChangeEntry.objects.create(
        content_type=ContentType.objects.get_for_model(wijk),
        object_id=str(wijk.pk),
        object_repr=str(wijk),
        actor_repr="systeem",
        action=ChangeEntry.Action.UPDATE,
        changes=[
            {"field": "promising_start_area", "label": "kansrijke startwijk", "old": "nee", "new": "ja"},
            {"field": "wup_date", "label": "datum van de WUP-status", "old": "", "new": "2026-11-28"},
            {
                "field": "heat_strategy",
                "label": "voorkeursstrategie warmte",
                "old": "",
                "new": "S2 warmtenet met midden- tot hogetemperatuurbron",
            },
            {"field": "progress", "label": "voortgang", "old": "", "new": "2026-11-28: 5"},
            {"field": "municipality_note", "label": "A: notitie gemeente", "old": "", "new": "Tekst"},
        ],
        note="kopie van doel 12",
    )
    actor, changes, note = _shown(old, "en", beheerder)
    assert actor == "system"
    assert changes == [
        ("promising starting area", "no", "yes"),
        ("date of the WUP status", "", "Nov. 28, 2026"),
        ("preferred heat strategy", "", "S2 heat network with a medium to high temperature source"),
        ("progress", "", "Nov. 28, 2026: 5"),
        ("A: notitie gemeente", "", "Tekst"),  # not recognised: as it was written
    ]
    assert note == "copy of goal 12"
    actor, changes, note = _shown(old, "nl", beheerder)
    assert (actor, changes[0], changes[1], note) == (
        "systeem",
        ("kansrijke startwijk", "nee", "ja"),
        ("datum van de WUP-status", "", "28 november 2026"),
        "kopie van doel 12",
    )


def test_history_pages_show_the_readers_language(client, medewerker):
    initiative = InitiativeFactory(phase="exploring")
    update_versioned(initiative, expected_version=1, values={"phase": "planning"}, actor=None)
    medewerker.language = "en"
    medewerker.save(update_fields=["language"])
    client.force_login(medewerker)
    for url in (
        reverse("overview:history_initiative", args=[initiative.pk]),
        reverse("initiatives:detail", args=[initiative.pk]),
    ):
        page = client.get(url).content.decode()
        assert all(word in page for word in ["phase", "exploring", "planning", "system"]), url
        assert not any(word in page for word in ["fase", "verkennend", "planvorming", "systeem"]), url
