"""Adding and editing a standard text of the clause library goes through a service: the history
keeps the old and the new values, a stale edit is refused with the newer change shown, and a
failure halfway leaves nothing half written."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from agreements import services
from agreements.models import Clause
from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry

pytestmark = pytest.mark.django_db

STALE_NL = "Iemand anders heeft dit gewijzigd"
VALUES = {"section": "geschillen", "form": "", "title": "Mediation eerst", "text": "Eerst mediation.", "active": True}


def broken(*args, **kwargs):
    raise RuntimeError("history unavailable")


def changes_of(entry):
    return {c["field"]: (c["old"], c["new"]) for c in entry.changes}


def clause_post(version, **values):
    return {**VALUES, "active": "on", "version": version, **values}


def test_adding_a_clause_records_what_it_holds(client, beheerder):
    client.force_login(beheerder)
    response = client.post(reverse("agreements:clause_create"), clause_post(""))
    assert response.status_code == 302
    clause = Clause.objects.get()
    entry = ChangeEntry.objects.for_object(clause).get()
    assert (entry.action, entry.actor, entry.version) == ("create", beheerder, 1)
    changes = changes_of(entry)
    assert changes["title"] == ("", "Mediation eerst") and changes["text"] == ("", "Eerst mediation.")


def test_editing_a_clause_records_the_old_and_the_new_value(client, beheerder):
    clause = services.add_clause(actor=beheerder, values=VALUES)
    client.force_login(beheerder)
    response = client.post(
        reverse("agreements:clause_update", args=[clause.pk]), clause_post(1, text="Eerst een gesprek.")
    )
    assert response.status_code == 302
    entry = ChangeEntry.objects.for_object(clause).filter(action="update").get()
    assert entry.version == 2
    assert changes_of(entry) == {"text": ("Eerst mediation.", "Eerst een gesprek.")}


def test_a_stale_clause_edit_is_refused_and_shows_the_newer_change(client, beheerder, medewerker):
    clause = services.add_clause(actor=beheerder, values=VALUES)
    update_versioned(clause, expected_version=1, values={"title": "Mediation door een ander"}, actor=medewerker)
    client.force_login(beheerder)
    response = client.post(reverse("agreements:clause_update", args=[clause.pk]), clause_post(1, text="Mijn tekst"))
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE_NL in content and "Mijn tekst" in content
    assert "Mediation door een ander" in content and escape(str(medewerker)) in content
    clause.refresh_from_db()
    assert (clause.title, clause.text, clause.version) == ("Mediation door een ander", "Eerst mediation.", 2)


def test_a_failing_history_write_adds_no_clause(beheerder, monkeypatch):
    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        services.add_clause(actor=beheerder, values=VALUES)
    assert not Clause.objects.exists()


def test_a_failing_history_write_leaves_the_clause_unchanged(beheerder, monkeypatch):
    clause = services.add_clause(actor=beheerder, values=VALUES)
    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        update_versioned(clause, expected_version=1, values={"text": "Half"}, actor=beheerder)
    clause.refresh_from_db()
    assert (clause.text, clause.version) == ("Eerst mediation.", 1)
