"""Versions of a draft: freezing, comparing, and both sides agreeing to one version (which a later
change clears)."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Draft, DraftVersion
from agreements.tests.helpers import edit, messages_of, section
from partnerships.models import CoordinatorAccess

pytestmark = pytest.mark.django_db


def agree_as(client, user, version):
    """POST agree as `user`, follow the redirect to the draft page; the messages shown there."""
    client.force_login(user)
    response = client.post(reverse("agreements:agree", args=[version.pk]), follow=True)
    assert response.redirect_chain == [(reverse("agreements:draft", args=[version.draft_id]), 302)]
    return [str(m) for m in response.context["messages"]]


# --- freezing and comparing --------------------------------------------------------------------


def test_freezing_numbers_versions_and_keeps_their_content(client, draft, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("agreements:freeze", args=[draft.pk]))
    assert response.status_code == 302
    assert messages_of(response) == ["Versie 1 is vastgezet voor bespreking."]
    v1 = DraftVersion.objects.get(draft=draft, number=1)
    frozen = [{"key": s.key, "title": s.title, "text": s.text} for s in draft.sections.all()]
    assert v1.sections == frozen and v1.frozen_by == medewerker
    assert v1.parties["initiative"] == "Zonnig Zuid (fictief)"
    assert v1.activities[0]["what"] == "Buurtavond organiseren"

    edit(client, draft, "doel", "Een ander doel.")
    client.post(reverse("agreements:section_remove", args=[section(draft, "overleg").pk]))
    v1.refresh_from_db()
    assert v1.sections == frozen  # editing the draft does not touch the frozen version

    client.post(reverse("agreements:freeze", args=[draft.pk]))
    assert list(draft.versions.values_list("number", flat=True)) == [2, 1]
    v2 = draft.versions.get(number=2)
    assert {"key": "doel", "title": "Doel en gezamenlijke ambitie", "text": "Een ander doel."} in v2.sections
    assert "overleg" not in [s["key"] for s in v2.sections]
    v1.refresh_from_db()
    assert v1.sections == frozen


def test_a_lezer_cannot_freeze(client, draft, lezer):
    client.force_login(lezer)
    assert client.post(reverse("agreements:freeze", args=[draft.pk])).status_code == 403
    assert not DraftVersion.objects.exists()


def _version(draft, number, sections):
    return DraftVersion.objects.create(draft=draft, number=number, sections=sections)


def test_compare_gives_a_state_per_section(draft):
    old = _version(
        draft,
        1,
        [
            {"key": "partijen", "title": "Partijen", "text": "A\nB"},
            {"key": "doel", "title": "Doel", "text": "Oud doel\nBlijft"},
            {"key": "overleg", "title": "Overleg", "text": "Maandelijks"},
            {"key": "looptijd", "title": "Looptijd", "text": "Een jaar"},
        ],
    )
    new = _version(
        draft,
        2,
        [
            {"key": "partijen", "title": "Partijen", "text": "A\nB"},
            {"key": "doel", "title": "Doel", "text": "Nieuw doel\nBlijft"},
            {"key": "looptijd", "title": "Looptijd en einde", "text": "Een jaar"},
            {"key": "geschillen", "title": "Geschillen", "text": "Mediation"},
        ],
    )
    result = services.compare(old, new)
    assert [(r["title"], r["state"]) for r in result] == [
        ("Partijen", "unchanged"),
        ("Doel", "changed"),
        ("Looptijd en einde", "changed"),  # a new title is a change too
        ("Geschillen", "added"),
        ("Overleg", "removed"),
    ]
    doel = result[1]["lines"]
    assert {"kind": "-", "text": "Oud doel"} in doel
    assert {"kind": "+", "text": "Nieuw doel"} in doel
    assert {"kind": " ", "text": "Blijft"} in doel
    assert result[0]["lines"] == [] and result[3]["lines"] == [] and result[4]["lines"] == []


def test_compare_page_shows_added_removed_and_changed(client, draft, medewerker):
    services.freeze(draft, actor=medewerker)
    services.update_section(section(draft, "doel"), actor=medewerker, expected_version=draft.version, text="Nieuw doel")
    services.remove_section(section(draft, "overleg"), actor=medewerker)
    services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)

    response = client.get(reverse("agreements:compare", args=[draft.pk]), {"van": 1, "naar": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Versie 1 vergeleken met versie 2" in page
    states = {s["title"]: s["state"] for s in response.context["sections"]}
    assert states["Doel en gezamenlijke ambitie"] == "changed"
    assert states["Overleg en contactfrequentie"] == "removed"
    assert states["Partijen"] == "unchanged"
    assert "Nieuw doel" in page and "Honderd daken vol zonnepanelen" in page
    assert "gewijzigd" in page and "verwijderd" in page and "ongewijzigd" in page

    # The other way round, the removed section was added.
    response = client.get(reverse("agreements:compare", args=[draft.pk]), {"van": 2, "naar": 1})
    states = {s["title"]: s["state"] for s in response.context["sections"]}
    assert states["Overleg en contactfrequentie"] == "added"
    assert "toegevoegd" in response.content.decode()


@pytest.mark.parametrize("query", [{"van": 1, "naar": 3}, {"van": 7, "naar": 1}, {"van": "een", "naar": 1}, {}])
def test_compare_with_an_unknown_version_is_404(client, draft, medewerker, query):
    services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    assert client.get(reverse("agreements:compare", args=[draft.pk]), query).status_code == 404


def test_compare_only_looks_at_this_drafts_versions(client, draft, partnership, medewerker):
    other = services.create_draft(partnership, form="afsprakenlijst", actor=medewerker)
    services.freeze(other, actor=medewerker)
    change(other, medewerker)
    services.freeze(other, actor=medewerker)
    services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    assert client.get(reverse("agreements:compare", args=[draft.pk]), {"van": 1, "naar": 2}).status_code == 404


def change(draft, user):
    """Edit one section, so there is something new to freeze."""
    draft.refresh_from_db()
    target = draft.sections.get(key="doel")
    services.update_section(target, actor=user, expected_version=draft.version, text=target.text + "\nAangepast.")
    draft.refresh_from_db()


def test_freezing_without_a_change_is_refused(client, draft, medewerker):
    services.freeze(draft, actor=medewerker)
    with pytest.raises(services.AgreementError):
        services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    response = client.post(reverse("agreements:freeze", args=[draft.pk]), follow=True)
    assert "er is niets nieuws om vast te zetten" in response.content.decode()
    assert draft.versions.count() == 1


def test_a_comment_can_only_name_a_section_of_this_draft(client, partnership, medewerker):
    small = services.create_draft(partnership, form="afsprakenlijst", actor=medewerker)
    client.force_login(medewerker)
    client.post(reverse("agreements:comment", args=[small.pk]), {"section": "geschillen", "text": "Hier?"})
    assert not small.comments.exists()


# --- agreeing ---------------------------------------------------------------------------------


def test_both_sides_agree_and_the_draft_is_final(client, draft, medewerker, coordinator):
    version = services.freeze(draft, actor=medewerker)
    assert agree_as(client, medewerker, version) == ["Uw akkoord met versie 1 is vastgelegd."]
    version.refresh_from_db()
    draft.refresh_from_db()
    assert version.municipality_agreed_by == medewerker and version.municipality_agreed_at is not None
    assert version.initiative_agreed_at is None
    assert draft.status == Draft.Status.DRAFTING

    assert agree_as(client, coordinator, version) == [
        "Beide partijen zijn akkoord met versie 1: de afspraken zijn definitief."
    ]
    version.refresh_from_db()
    draft.refresh_from_db()
    assert version.initiative_agreed_by == coordinator and version.initiative_agreed_at is not None
    assert version.agreed_by_both
    assert draft.status == Draft.Status.FINAL


def test_the_coordinator_may_agree_first(client, draft, medewerker, coordinator):
    version = services.freeze(draft, actor=medewerker)
    client.force_login(coordinator)
    client.post(reverse("agreements:agree", args=[version.pk]))
    version.refresh_from_db()
    assert version.initiative_agreed_by == coordinator and version.municipality_agreed_at is None
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFTING


def test_agreeing_to_different_versions_is_not_final(draft, medewerker, coordinator):
    v1 = services.freeze(draft, actor=medewerker)
    services.agree(v1, side="municipality", actor=medewerker)
    change(draft, medewerker)
    v2 = services.freeze(draft, actor=medewerker)
    services.agree(v2, side="initiative", actor=coordinator)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFTING


def test_agreeing_to_an_older_version_is_refused(client, draft, medewerker, coordinator):
    v1 = services.freeze(draft, actor=medewerker)
    change(draft, medewerker)
    services.freeze(draft, actor=medewerker)
    for user in [medewerker, coordinator]:
        assert agree_as(client, user, v1) == ["Alleen met de nieuwste versie kan akkoord worden gegaan."]
    v1.refresh_from_db()
    assert v1.municipality_agreed_at is None and v1.initiative_agreed_at is None


def test_agreeing_while_the_draft_has_unfrozen_changes_is_refused(client, draft, medewerker, coordinator):
    version = services.freeze(draft, actor=medewerker)
    services.update_section(section(draft, "doel"), actor=medewerker, expected_version=draft.version, text="Later")
    for user in [medewerker, coordinator]:
        assert agree_as(client, user, version) == [
            "Het concept is gewijzigd sinds deze versie is vastgezet: zet eerst een nieuwe versie vast."
        ]
    version.refresh_from_db()
    assert version.municipality_agreed_at is None and version.initiative_agreed_at is None
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFTING


def test_a_removed_section_is_an_unfrozen_change_too(draft, medewerker):
    version = services.freeze(draft, actor=medewerker)
    services.remove_section(section(draft, "overleg"), actor=medewerker)
    with pytest.raises(services.AgreementError):
        services.agree(version, side="municipality", actor=medewerker)


def test_a_later_section_change_clears_the_agreement(client, final_draft, medewerker):
    version = final_draft.versions.get()
    client.force_login(medewerker)
    assert edit(client, final_draft, "doel", "Toch een ander doel.").status_code == 302
    version.refresh_from_db()
    final_draft.refresh_from_db()
    assert version.municipality_agreed_at is None and version.municipality_agreed_by is None
    assert version.initiative_agreed_at is None and version.initiative_agreed_by is None
    assert final_draft.status == Draft.Status.DRAFTING


def test_removing_a_section_after_agreement_clears_it(client, final_draft, medewerker):
    version = final_draft.versions.get()
    client.force_login(medewerker)
    client.post(reverse("agreements:section_remove", args=[section(final_draft, "overleg").pk]))
    version.refresh_from_db()
    final_draft.refresh_from_db()
    assert not version.agreed_by_both and version.municipality_agreed_at is None
    assert final_draft.status == Draft.Status.DRAFTING


def test_one_sides_agreement_is_cleared_by_a_change_as_well(draft, medewerker):
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    draft.refresh_from_db()
    services.update_section(section(draft, "doel"), actor=medewerker, expected_version=draft.version, text="Anders")
    version.refresh_from_db()
    assert version.municipality_agreed_at is None


def test_saving_a_section_without_a_change_keeps_the_agreement(client, final_draft, medewerker):
    version = final_draft.versions.get()
    doel = section(final_draft, "doel")
    client.force_login(medewerker)
    assert edit(client, final_draft, "doel", doel.text, title=doel.title).status_code == 302
    version.refresh_from_db()
    final_draft.refresh_from_db()
    assert version.agreed_by_both
    assert final_draft.status == Draft.Status.FINAL


def test_a_lezer_cannot_agree(client, draft, medewerker, lezer):
    version = services.freeze(draft, actor=medewerker)
    client.force_login(lezer)
    assert client.post(reverse("agreements:agree", args=[version.pk])).status_code == 403
    version.refresh_from_db()
    assert version.municipality_agreed_at is None and version.initiative_agreed_at is None


def test_a_coordinator_of_another_initiative_gets_404_on_agree(client, draft, medewerker, other_coordinator):
    version = services.freeze(draft, actor=medewerker)
    client.force_login(other_coordinator)
    assert client.post(reverse("agreements:agree", args=[version.pk])).status_code == 404
    version.refresh_from_db()
    assert version.municipality_agreed_at is None and version.initiative_agreed_at is None


def test_anonymous_is_sent_to_login_on_agree(client, draft, medewerker):
    version = services.freeze(draft, actor=medewerker)
    response = client.post(reverse("agreements:agree", args=[version.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    version.refresh_from_db()
    assert version.municipality_agreed_at is None


def test_a_revoked_coordinator_can_no_longer_agree(client, draft, medewerker, coordinator):
    from django.utils import timezone

    version = services.freeze(draft, actor=medewerker)
    CoordinatorAccess.objects.filter(user=coordinator).update(revoked_at=timezone.now())
    client.force_login(coordinator)
    assert client.post(reverse("agreements:agree", args=[version.pk])).status_code == 404
    version.refresh_from_db()
    assert version.initiative_agreed_at is None
