import pytest
from django.urls import reverse

from core.concurrency import StaleEditError, update_versioned
from core.models import ChangeEntry
from neighbourhoods.models import Municipality
from neighbourhoods.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_update_bumps_version_and_records_the_change(beheerder):
    municipality = MunicipalityFactory(name="Oud")
    saved, changes = update_versioned(municipality, expected_version=1, values={"name": "Nieuw"}, actor=beheerder)
    assert saved.version == 2
    assert Municipality.objects.get().name == "Nieuw"
    assert changes == [{"field": "name", "model": "neighbourhoods.municipality", "old": "Oud", "new": "Nieuw"}]
    entry = ChangeEntry.objects.for_object(municipality).get()
    assert (entry.actor, entry.version, entry.changes) == (beheerder, 2, changes)


def test_update_without_changes_writes_nothing(beheerder):
    municipality = MunicipalityFactory(name="Zelfde")
    saved, changes = update_versioned(municipality, expected_version=1, values={"name": "Zelfde"}, actor=beheerder)
    assert changes == []
    assert Municipality.objects.get().version == 1
    assert not ChangeEntry.objects.exists()


def test_stale_update_is_refused_and_reports_what_changed(beheerder, medewerker):
    municipality = MunicipalityFactory(name="Origineel", address="Markt 1")
    # Two people open the form at version 1; the first saves.
    update_versioned(municipality, expected_version=1, values={"address": "Markt 2"}, actor=medewerker)
    with pytest.raises(StaleEditError) as caught:
        update_versioned(municipality, expected_version=1, values={"name": "Overschreven"}, actor=beheerder)
    stored = Municipality.objects.get()
    assert (stored.name, stored.address, stored.version) == ("Origineel", "Markt 2", 2)
    [entry] = caught.value.newer_entries
    assert entry.actor == medewerker
    assert entry.changes[0]["old"] == "Markt 1" and entry.changes[0]["new"] == "Markt 2"


def test_stale_form_post_keeps_typed_values_and_shows_the_other_change(client, beheerder, medewerker):
    municipality = MunicipalityFactory(name="Gemeente A", address="Oud adres")
    update_versioned(municipality, expected_version=1, values={"address": "Nieuw adres"}, actor=medewerker)
    client.force_login(beheerder)
    response = client.post(
        reverse("neighbourhoods:municipality"),
        {
            "version": 1,
            "name": "Mijn getypte naam",
            "cbs_code": "GM0402",
            "address": "Oud adres",
            "short_term_years": 1,
            "medium_term_years": 5,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Iemand anders heeft dit gewijzigd" in content
    assert 'value="Mijn getypte naam"' in content  # what the user typed is kept
    assert "Nieuw adres" in content and str(medewerker) in content  # what changed, and by whom
    assert Municipality.objects.get().name == "Gemeente A"  # nothing overwritten


def test_fresh_form_post_saves(client, beheerder):
    MunicipalityFactory(name="Gemeente A")
    client.force_login(beheerder)
    response = client.post(
        reverse("neighbourhoods:municipality"),
        {
            "version": 1,
            "name": "Gemeente B",
            "cbs_code": "GM0402",
            "address": "",
            "short_term_years": 1,
            "medium_term_years": 5,
        },
    )
    assert response.status_code == 302
    assert Municipality.objects.get().name == "Gemeente B"
