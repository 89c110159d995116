"""Adding and editing a node of the method goes through a service: the history keeps the old and
the new values, a stale edit is refused with the newer change shown, and a failure halfway
leaves nothing half written. (The test database holds the 17 nodes of migration 0002.)"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from wijkkompas import services
from wijkkompas.models import Node, Phase, Track

pytestmark = pytest.mark.django_db

STALE_NL = "Iemand anders heeft dit gewijzigd"


def broken(*args, **kwargs):
    raise RuntimeError("history unavailable")


def node_post(target, **values):
    return {
        "title": target.title,
        "phase": target.phase_id,
        "tracks": [t.pk for t in target.tracks.all()],
        "goal": target.goal,
        "approach": target.approach,
        "confidence": target.confidence,
        "version": target.version,
        **values,
    }


def changes_of(entry):
    return {c["field"]: (c["old"], c["new"]) for c in entry.changes}


def test_adding_a_node_records_what_it_was_created_with(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("wijkkompas:node_create"),
        {
            "title": "Warmtetransitieplan actualiseren",
            "phase": Phase.objects.get(order=3).pk,
            "tracks": [Track.objects.get(key="F").pk],
            "goal": "Een actueel plan",
            "approach": "",
            "confidence": "unconfirmed",
            "version": "",
        },
    )
    assert response.status_code == 302
    added = Node.objects.get(title="Warmtetransitieplan actualiseren")
    entry = ChangeEntry.objects.for_object(added).get()
    assert (entry.action, entry.actor, entry.version) == ("create", beheerder, 1)
    changes = changes_of(entry)
    assert changes["title"] == ("", "Warmtetransitieplan actualiseren")
    assert changes["goal"] == ("", "Een actueel plan")
    assert changes["tracks"] == ("", str(Track.objects.get(key="F")))


def test_editing_a_node_records_the_old_and_the_new_value(client, beheerder):
    target = Node.objects.get(title="Beeld vormen van de wijk")
    client.force_login(beheerder)
    response = client.post(
        reverse("wijkkompas:node_update", args=[target.pk]), node_post(target, title="Beeld van de wijk")
    )
    assert response.status_code == 302
    entry = ChangeEntry.objects.for_object(target).get()
    assert (entry.action, entry.version) == ("update", 2)
    assert changes_of(entry) == {"title": ("Beeld vormen van de wijk", "Beeld van de wijk")}


def test_a_stale_node_edit_is_refused_and_shows_the_newer_change(client, beheerder, medewerker):
    target = Node.objects.get(title="Beeld vormen van de wijk")
    form = node_post(target, title="Mijn titel")
    update_versioned(target, expected_version=1, values={"goal": "Door een ander"}, actor=medewerker)
    client.force_login(beheerder)
    response = client.post(reverse("wijkkompas:node_update", args=[target.pk]), form)
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE_NL in content and 'value="Mijn titel"' in content
    assert "Door een ander" in content and escape(str(medewerker)) in content
    target.refresh_from_db()
    assert (target.title, target.goal, target.version) == ("Beeld vormen van de wijk", "Door een ander", 2)


def test_a_failing_history_write_adds_no_node(beheerder, monkeypatch):
    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        services.add_node(
            actor=beheerder,
            values={"title": "Half", "phase": Phase.objects.get(order=1), "tracks": list(Track.objects.all())},
        )
    assert Node.objects.count() == 17 and not Node.objects.filter(title="Half").exists()


def test_a_failing_history_write_leaves_the_node_unchanged(beheerder, monkeypatch):
    target = Node.objects.get(title="Beeld vormen van de wijk")
    tracks = set(target.tracks.all())
    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        update_versioned(target, expected_version=1, values={"title": "Half", "tracks": []}, actor=beheerder)
    target.refresh_from_db()
    assert (target.title, target.version, set(target.tracks.all())) == ("Beeld vormen van de wijk", 1, tracks)
