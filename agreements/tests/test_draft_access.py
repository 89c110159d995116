"""Who sees and says what: the draft page and its PDF per role, comments on a draft, and the clause
library.

PDF rendering itself is covered in test_pdf.py; here the PDF view is only checked for access.
"""

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Clause, SectionComment
from agreements.tests.helpers import messages_of

pytestmark = pytest.mark.django_db


# --- who sees what ----------------------------------------------------------------------------


def test_the_draft_page_for_staff_and_the_initiatives_coordinator(client, draft, medewerker, lezer, coordinator):
    url = reverse("agreements:draft", args=[draft.pk])
    for user in [medewerker, lezer, coordinator]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "Samenwerkingsverklaring Zonnig Zuid (fictief)" in response.content.decode()


def test_the_draft_page_is_404_for_a_coordinator_of_another_initiative(client, draft, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("agreements:draft", args=[draft.pk])).status_code == 404


def test_the_draft_page_sends_anonymous_to_login(client, draft):
    response = client.get(reverse("agreements:draft", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_pdf_of_a_version_is_only_for_who_may_see_the_draft(client, draft, medewerker, other_coordinator):
    version = services.freeze(draft, actor=medewerker)
    url = reverse("agreements:pdf", args=[version.pk])
    client.force_login(medewerker)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- comments ---------------------------------------------------------------------------------


def test_staff_and_the_coordinator_can_comment(client, draft, medewerker, coordinator):
    services.freeze(draft, actor=medewerker)
    url = reverse("agreements:comment", args=[draft.pk])
    client.force_login(coordinator)
    response = client.post(url, {"section": "doel", "text": "Kunnen we ook warmtepompen noemen?"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:draft", args=[draft.pk]) + "#sectie-doel"
    assert messages_of(response) == ["Uw reactie is toegevoegd."]
    client.force_login(medewerker)
    client.post(url, {"section": "doel", "text": "Goed idee."})
    comments = list(SectionComment.objects.filter(draft=draft))
    assert [(c.author, c.section, c.text, c.version_number) for c in comments] == [
        (coordinator, "doel", "Kunnen we ook warmtepompen noemen?", 1),
        (medewerker, "doel", "Goed idee.", 1),
    ]
    page = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert "Kunnen we ook warmtepompen noemen?" in page and "Goed idee." in page


def test_a_comment_needs_a_text(client, draft, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("agreements:comment", args=[draft.pk]), {"section": "doel", "text": ""})
    assert response.status_code == 200
    assert not SectionComment.objects.exists()


def test_a_lezer_cannot_comment(client, draft, lezer):
    client.force_login(lezer)
    response = client.post(reverse("agreements:comment", args=[draft.pk]), {"section": "doel", "text": "Hallo"})
    assert response.status_code == 403
    assert not SectionComment.objects.exists()


def test_a_coordinator_of_another_initiative_cannot_comment(client, draft, other_coordinator):
    client.force_login(other_coordinator)
    response = client.post(reverse("agreements:comment", args=[draft.pk]), {"section": "doel", "text": "Hallo"})
    assert response.status_code == 404
    assert not SectionComment.objects.exists()


# --- the clause library -----------------------------------------------------------------------


def test_a_beheerder_adds_a_clause(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("agreements:clause_create"),
        {
            "version": "",
            "section": "geschillen",
            "form": "",
            "title": "Mediation eerst",
            "text": "Partijen proberen een geschil eerst met **mediation** op te lossen.",
            "active": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("agreements:clauses")
    assert messages_of(response) == ["De standaardtekst is aan de bibliotheek toegevoegd."]
    clause = Clause.objects.get()
    assert (clause.section, clause.form, clause.title, clause.active) == ("geschillen", "", "Mediation eerst", True)
    assert "Mediation eerst" in client.get(reverse("agreements:clauses")).content.decode()


def test_a_clause_needs_a_known_section(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("agreements:clause_create"),
        {"version": "", "section": "onbekend", "form": "", "title": "X", "text": "Y", "active": "on"},
    )
    assert response.status_code == 200
    assert not Clause.objects.exists()


def test_a_medewerker_reads_the_library_but_cannot_add_to_it(client, medewerker):
    Clause.objects.create(section="overleg", title="Kwartaaloverleg", text="Elk kwartaal.")
    client.force_login(medewerker)
    response = client.get(reverse("agreements:clauses"))
    assert response.status_code == 200 and "Kwartaaloverleg" in response.content.decode()
    assert client.get(reverse("agreements:clause_create")).status_code == 403
    response = client.post(
        reverse("agreements:clause_create"),
        {"version": "", "section": "overleg", "form": "", "title": "Nieuw", "text": "Tekst", "active": "on"},
    )
    assert response.status_code == 403
    assert Clause.objects.count() == 1


def test_a_coordinator_does_not_see_the_library(client, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("agreements:clauses")).status_code == 404
