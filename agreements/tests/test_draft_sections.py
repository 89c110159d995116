"""Editing a draft: removing optional sections, editing a section's title and text, inserting a
clause from the library, and stale edits."""

import pytest
from django.urls import reverse

from agreements.models import Clause, DraftSection
from agreements.tests.helpers import edit, messages_of, section

pytestmark = pytest.mark.django_db


# --- removing and editing sections ------------------------------------------------------------


def test_a_required_section_cannot_be_removed(client, draft, medewerker):
    client.force_login(medewerker)
    doel = section(draft, "doel")
    response = client.post(reverse("agreements:section_remove", args=[doel.pk]))
    assert response.status_code == 302
    assert DraftSection.objects.filter(pk=doel.pk).exists()
    assert messages_of(response) == ["Dit onderdeel is verplicht voor dit partnerschap en kan niet worden verwijderd."]


def test_an_optional_section_can_be_removed(client, draft, medewerker):
    client.force_login(medewerker)
    overleg = section(draft, "overleg")
    response = client.post(reverse("agreements:section_remove", args=[overleg.pk]))
    assert response.status_code == 302
    assert not DraftSection.objects.filter(pk=overleg.pk).exists()
    assert messages_of(response) == ["Het onderdeel is verwijderd."]


def test_a_lezer_cannot_remove_a_section(client, draft, lezer):
    client.force_login(lezer)
    overleg = section(draft, "overleg")
    assert client.post(reverse("agreements:section_remove", args=[overleg.pk])).status_code == 403
    assert DraftSection.objects.filter(pk=overleg.pk).exists()


def test_editing_a_section_saves_title_and_text(client, draft, medewerker):
    client.force_login(medewerker)
    version = draft.version
    response = edit(client, draft, "overleg", "Elke maand een overleg.", title="Overleg")
    assert response.status_code == 302
    assert response["Location"].endswith("#sectie-overleg")
    sec = section(draft, "overleg")
    assert (sec.title, sec.text) == ("Overleg", "Elke maand een overleg.")
    draft.refresh_from_db()
    assert draft.version == version + 1


def test_a_clause_from_the_library_is_appended_to_the_text(client, draft, medewerker):
    clause = Clause.objects.create(
        section="overleg", title="Kwartaaloverleg", text="Partijen overleggen **elk kwartaal**.\n"
    )
    client.force_login(medewerker)
    form_page = client.get(reverse("agreements:section", args=[section(draft, "overleg").pk]))
    assert "Kwartaaloverleg" in form_page.content.decode()
    response = edit(client, draft, "overleg", "Eigen tekst.\n", clause=clause)
    assert response.status_code == 302
    assert section(draft, "overleg").text == "Eigen tekst.\n\nPartijen overleggen **elk kwartaal**."


@pytest.mark.parametrize(
    "clause_values",
    [
        {"section": "doel", "form": ""},  # another section
        {"section": "overleg", "form": "green_deal"},  # another form
        {"section": "overleg", "form": "", "active": False},  # no longer in use
    ],
)
def test_only_active_clauses_for_this_section_and_form_can_be_inserted(client, draft, medewerker, clause_values):
    clause = Clause.objects.create(title="Niet hier", text="Mag hier niet komen.", **clause_values)
    client.force_login(medewerker)
    response = edit(client, draft, "overleg", "Eigen tekst.", clause=clause)
    assert response.status_code == 200
    assert "Mag hier niet komen." not in section(draft, "overleg").text


def test_a_stale_edit_is_refused_and_nothing_changes(client, draft, medewerker):
    client.force_login(medewerker)
    opened_at = draft.version
    assert edit(client, draft, "overleg", "Eerste wijziging.").status_code == 302
    draft.refresh_from_db()
    version_after_first = draft.version
    response = edit(client, draft, "overleg", "Tweede wijziging.", version=opened_at)
    assert response.status_code == 200
    assert "Iemand anders heeft dit gewijzigd" in response.content.decode()
    assert section(draft, "overleg").text == "Eerste wijziging."
    draft.refresh_from_db()
    assert draft.version == version_after_first


def test_a_coordinator_cannot_edit_a_section(client, draft, coordinator):
    client.force_login(coordinator)
    response = edit(client, draft, "overleg", "Door het initiatief.")
    assert response.status_code == 404  # coordinators see 404 for staff-only pages
    assert section(draft, "overleg").text != "Door het initiatief."
