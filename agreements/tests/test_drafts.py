"""Draft agreements: structured text, sections per form, drafting from the partnership file, editing,
freezing, comparing, agreeing, comments, the signed scan, the clause library and query counts.

PDF rendering itself is covered in test_pdf.py; here the PDF view is only checked for access.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agreements import services
from agreements.models import Clause, Draft, DraftSection, DraftVersion, SectionComment, SignedScan
from agreements.reference import ALL, FORM_SECTIONS, sections_for
from agreements.text import to_html
from core.testing import assert_on_page
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.models import Assessment, CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

VALID_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

SAMENWERKINGSVERKLARING = [
    "partijen",
    "overwegingen",
    "doel",
    "uitgangspunten",
    "rolverdeling",
    "activiteiten",
    "ondersteuning",
    "overleg",
    "communicatie",
    "looptijd",
    "ondertekening",
]


# --- helpers and fixtures --------------------------------------------------------------------


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def agree_as(client, user, version):
    """POST agree as `user`, follow the redirect to the draft page; the messages shown there."""
    client.force_login(user)
    response = client.post(reverse("agreements:agree", args=[version.pk]), follow=True)
    assert response.redirect_chain == [(reverse("agreements:draft", args=[version.draft_id]), 302)]
    return [str(m) for m in response.context["messages"]]


def section(draft, key) -> DraftSection:
    return draft.sections.get(key=key)


def edit(client, draft, key, text, *, version=None, title=None, clause=None):
    sec = section(draft, key)
    draft.refresh_from_db()
    data = {"version": draft.version if version is None else version, "title": title or sec.title, "text": text}
    if clause is not None:
        data["clause"] = clause.pk
    return client.post(reverse("agreements:section", args=[sec.pk]), data)


@pytest.fixture
def partnership(medewerker):
    """A partnership with a shared goal, an activity, a need for support and a review date."""
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(
        initiative__name="Zonnig Zuid (fictief)", intensity="middel", review_date=datetime.date(2026, 3, 1)
    )
    conversation = partnership_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2025, 1, 10), "summary": "Kennismaking"}
    )
    partnership_services.add_shared_goal(
        conversation, actor=medewerker, description="Honderd daken vol zonnepanelen", neighbourhood_goals=[]
    )
    partnership_services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "initiative", "category": "knowledge", "description": "Advies over subsidies"},
    )
    partnership_services.add_activity(
        partnership,
        actor=medewerker,
        values={"what": "Buurtavond organiseren", "responsible": "initiative", "due_date": datetime.date(2025, 6, 1)},
    )
    return partnership


@pytest.fixture
def draft(partnership, medewerker):
    return services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)


@pytest.fixture
def coordinator(partnership):
    return coordinator_of(partnership.initiative)


@pytest.fixture
def other_coordinator(db):
    return coordinator_of(InitiativeFactory())


@pytest.fixture
def final_draft(draft, medewerker, coordinator):
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=coordinator)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.FINAL
    return draft


# --- structured text ---------------------------------------------------------------------------


def test_paragraphs_are_split_on_blank_lines_and_lines_joined_with_a_break():
    html = to_html("Eerste alinea\nregel twee\n\n\nTweede alinea")
    assert html == "<p>Eerste alinea<br>regel twee</p>\n<p>Tweede alinea</p>"


def test_lines_starting_with_a_dash_are_a_list_and_double_stars_are_bold():
    html = to_html("Inleiding met **nadruk**\n\n- een\n- **twee** en drie")
    assert (
        html
        == "<p>Inleiding met <strong>nadruk</strong></p>\n<ul><li>een</li><li><strong>twee</strong> en drie</li></ul>"
    )


def test_a_block_mixing_list_and_plain_lines_is_a_paragraph():
    assert to_html("Tekst\n- geen lijst") == "<p>Tekst<br>- geen lijst</p>"


def test_empty_text_gives_nothing():
    assert to_html("") == "" and to_html(None) == "" and to_html("\n\n  \n") == ""


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=file:///etc/passwd>", "&lt;img src=file:///etc/passwd&gt;"),
        ("- <script>alert(1)</script>", "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>"),
        ("**<img src=file:///etc/passwd>**", "<strong>&lt;img src=file:///etc/passwd&gt;</strong>"),
        ('" onmouseover="alert(1)', "&quot; onmouseover=&quot;alert(1)"),
    ],
)
def test_html_in_the_text_is_escaped_never_a_tag(text, escaped):
    html = to_html(text)
    assert escaped in html
    assert "<script" not in html and "<img" not in html


def test_html_in_a_section_is_escaped_on_the_draft_page(client, draft, medewerker):
    services.update_section(
        section(draft, "doel"),
        actor=medewerker,
        expected_version=draft.version,
        text="<script>alert(1)</script>\n\n<img src=file:///etc/passwd>",
    )
    client.force_login(medewerker)
    page = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=file:///etc/passwd&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=file:///etc/passwd>" not in page


# --- sections per form -------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORM_SECTIONS))
def test_each_form_has_its_sections_in_document_order_with_three_always_required(form):
    result = sections_for(form, project_development=False)
    keys = [key for key, _required in result]
    assert keys == sorted(FORM_SECTIONS[form], key=ALL.index)
    assert [key for key, required in result if required] == ["partijen", "doel", "ondertekening"]


def test_the_lightest_form_has_six_sections():
    assert sections_for("afsprakenlijst", project_development=False) == [
        ("partijen", True),
        ("doel", True),
        ("activiteiten", False),
        ("overleg", False),
        ("looptijd", False),
        ("ondertekening", True),
    ]


def test_project_development_adds_roles_phasing_and_financing_even_to_a_list_of_agreements():
    assert sections_for("afsprakenlijst", project_development=True) == [
        ("partijen", True),
        ("doel", True),
        ("rolverdeling", True),
        ("activiteiten", False),
        ("overleg", False),
        ("fasering", True),
        ("financiering", True),
        ("looptijd", False),
        ("ondertekening", True),
    ]


@pytest.mark.parametrize("form", list(FORM_SECTIONS))
def test_project_development_makes_roles_phasing_and_financing_required_in_every_form(form):
    result = dict(sections_for(form, project_development=True))
    assert {k for k, required in result.items() if required} == {
        "partijen",
        "doel",
        "ondertekening",
        "rolverdeling",
        "fasering",
        "financiering",
    }
    keys = [key for key, _required in sections_for(form, project_development=True)]
    assert keys == sorted(keys, key=ALL.index)


# --- making a draft ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intensity", "suggested"),
    [
        ("licht", "samenwerkingsverklaring"),
        ("middel", "green_deal"),
        ("zwaar", "intentieovereenkomst"),
        ("formeel", "samenwerkingsovereenkomst"),
        ("", "samenwerkingsverklaring"),
    ],
)
def test_the_suggested_form_follows_the_intensity(client, medewerker, intensity, suggested):
    partnership = PartnershipFactory(intensity=intensity)
    assert services.suggested_form(partnership) == suggested
    client.force_login(medewerker)
    response = client.get(reverse("agreements:partnership", args=[partnership.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial == {"form": suggested}
    assert f'value="{suggested}"' in response.content.decode()


def test_without_an_intensity_the_latest_assessment_suggests_the_form(medewerker):
    partnership = PartnershipFactory(intensity="")
    Assessment.objects.create(
        partnership=partnership,
        goal_clear=True,
        exploring=False,
        narrow_goals=False,
        project_development=False,
        large_scale=True,
        chosen_level="zwaar",
        assessed_on=datetime.date(2025, 1, 1),
    )
    assert services.suggested_form(partnership) == "intentieovereenkomst"


def test_a_medewerker_makes_a_draft_prefilled_from_the_partnership_file(client, partnership, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("agreements:partnership", args=[partnership.pk]), {"form": "samenwerkingsverklaring"}
    )
    draft = Draft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:draft", args=[draft.pk])
    assert draft.form == "samenwerkingsverklaring" and draft.created_by == medewerker
    assert draft.title == "Samenwerkingsverklaring Zonnig Zuid (fictief)"
    assert draft.status == Draft.Status.DRAFTING

    sections = list(draft.sections.all())
    assert [s.key for s in sections] == SAMENWERKINGSVERKLARING
    assert [s.key for s in sections if s.required] == ["partijen", "doel", "ondertekening"]
    assert [s.order for s in sections] == list(range(len(sections)))
    # A Dutch document: Dutch titles.
    assert sections[0].title == "Partijen"
    assert section(draft, "doel").title == "Doel en gezamenlijke ambitie"

    texts = {s.key: s.text for s in sections}
    assert "Zonnig Zuid (fictief)" in texts["partijen"] and "Gemeente Voorbeeld" in texts["partijen"]
    assert texts["doel"] == "- Honderd daken vol zonnepanelen"
    assert texts["activiteiten"] == "- Buurtavond organiseren (initiatief, uiterlijk 1 juni 2025)"
    assert "Advies over subsidies" in texts["ondersteuning"]
    assert "1 maart 2026" in texts["looptijd"]
    assert "Zonnig Zuid (fictief)" in texts["ondertekening"]
    assert texts["communicatie"] == ""  # nothing in the file for it


def test_the_lightest_form_gets_only_its_sections(client, partnership, medewerker):
    client.force_login(medewerker)
    client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "afsprakenlijst"})
    draft = Draft.objects.get()
    assert list(draft.sections.values_list("key", "required")) == [
        ("partijen", True),
        ("doel", True),
        ("activiteiten", False),
        ("overleg", False),
        ("looptijd", False),
        ("ondertekening", True),
    ]


@pytest.mark.parametrize("form", list(FORM_SECTIONS))
def test_every_form_can_be_drafted_through_the_page(client, partnership, medewerker, form):
    client.force_login(medewerker)
    response = client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": form})
    assert response.status_code == 302
    draft = Draft.objects.get()
    expected = [k for k, _r in sections_for(form, project_development=False)]
    assert list(draft.sections.values_list("key", flat=True)) == expected


def test_project_development_adds_required_sections_even_to_a_list_of_agreements(client, partnership, medewerker):
    # The assessment says project development is at stake, yet staff chose a light level.
    partnership_services.record_assessment(
        partnership,
        actor=medewerker,
        answers={
            "goal_clear": True,
            "exploring": False,
            "narrow_goals": False,
            "project_development": True,
            "large_scale": False,
            "last_recalibrated": None,
        },
        chosen_level="licht",
        override_reason="Eerst klein beginnen",
    )
    partnership.refresh_from_db()
    assert partnership.intensity == "licht"
    client.force_login(medewerker)
    client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "afsprakenlijst"})
    draft = Draft.objects.get()
    assert list(draft.sections.values_list("key", "required")) == [
        ("partijen", True),
        ("doel", True),
        ("rolverdeling", True),
        ("activiteiten", False),
        ("overleg", False),
        ("fasering", True),
        ("financiering", True),
        ("looptijd", False),
        ("ondertekening", True),
    ]


def test_an_assessment_with_project_development_suggests_an_agreement_of_intent(client, partnership, medewerker):
    partnership_services.record_assessment(
        partnership,
        actor=medewerker,
        answers={
            "goal_clear": True,
            "exploring": False,
            "narrow_goals": False,
            "project_development": True,
            "large_scale": False,
            "last_recalibrated": None,
        },
    )
    client.force_login(medewerker)
    response = client.get(reverse("agreements:partnership", args=[partnership.pk]))
    assert response.context["form"].initial == {"form": "intentieovereenkomst"}


def test_an_unknown_form_is_refused(client, partnership, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "contract"})
    assert response.status_code == 200
    assert not Draft.objects.exists()


def test_a_lezer_sees_the_drafts_but_cannot_make_one(client, partnership, lezer):
    client.force_login(lezer)
    response = client.get(reverse("agreements:partnership", args=[partnership.pk]))
    assert response.status_code == 200
    assert response.context["can_create"] is False
    assert 'name="form"' not in response.content.decode()
    response = client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "afsprakenlijst"})
    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_coordinators_see_only_their_own_partnerships_drafts_and_cannot_make_one(
    client, partnership, coordinator, other_coordinator
):
    client.force_login(coordinator)
    assert client.get(reverse("agreements:partnership", args=[partnership.pk])).status_code == 200
    response = client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "afsprakenlijst"})
    assert response.status_code == 404
    client.force_login(other_coordinator)
    assert client.get(reverse("agreements:partnership", args=[partnership.pk])).status_code == 404
    assert not Draft.objects.exists()


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


# --- the signed scan --------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, draft, data: bytes, name="getekend.pdf"):
    return client.post(
        reverse("agreements:scan_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_no_scan_before_both_sides_agreed(client, draft, medewerker, media):
    services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    response = upload(client, draft, VALID_PDF)
    assert response.status_code == 200
    assert "Een getekende scan kan worden geüpload zodra beide partijen akkoord zijn" in response.content.decode()
    assert not SignedScan.objects.exists()
    assert not list(media.rglob("*.pdf"))


def test_no_scan_once_a_change_cleared_the_agreement(client, final_draft, medewerker, media):
    services.update_section(
        section(final_draft, "doel"), actor=medewerker, expected_version=final_draft.version, text="Anders"
    )
    client.force_login(medewerker)
    assert upload(client, final_draft, VALID_PDF).status_code == 200
    assert not SignedScan.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00not a pdf %%EOF\n",
        b"<html><body>%PDF-1.4</body></html>\n%%EOF\n",
        b"%PDF-1.4\nno end of file marker\n",
    ],
)
def test_a_scan_that_is_not_a_pdf_is_refused(client, final_draft, medewerker, media, data):
    client.force_login(medewerker)
    response = upload(client, final_draft, data)
    assert response.status_code == 200
    assert "Het bestand is geen pdf-document." in response.content.decode()
    assert not SignedScan.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(client, final_draft, medewerker, media, settings):
    settings.SIGNED_SCAN_MAX_MB = 0
    client.force_login(medewerker)
    response = upload(client, final_draft, VALID_PDF)
    assert response.status_code == 200
    assert "Het bestand is groter dan 0 MB." in response.content.decode()
    assert not SignedScan.objects.exists()


def test_the_size_limit_is_in_megabytes(client, final_draft, medewerker, media, settings):
    settings.SIGNED_SCAN_MAX_MB = 1
    padding = b"0" * (1024 * 1024 - len(VALID_PDF))
    exactly_one_mb = VALID_PDF[:9] + padding + VALID_PDF[9:]
    assert len(exactly_one_mb) == 1024 * 1024
    client.force_login(medewerker)
    response = upload(client, final_draft, exactly_one_mb[:9] + b"0" + exactly_one_mb[9:])
    assert "Het bestand is groter dan 1 MB." in response.content.decode()
    assert not SignedScan.objects.exists()
    assert upload(client, final_draft, exactly_one_mb).status_code == 302
    assert SignedScan.objects.get().size == 1024 * 1024


def test_a_valid_scan_is_stored_and_served_to_who_may_see_the_draft(
    client, final_draft, medewerker, lezer, coordinator, other_coordinator, media
):
    client.force_login(medewerker)
    response = upload(client, final_draft, VALID_PDF, name="Getekend v1.pdf")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:draft", args=[final_draft.pk])
    assert messages_of(response) == ["Het getekende document is opgeslagen."]
    scan = SignedScan.objects.get()
    assert scan.version == final_draft.versions.get()
    assert scan.original_name == "Getekend v1.pdf" and scan.size == len(VALID_PDF) and scan.uploaded_by == medewerker
    assert len(scan.sha256) == 64
    assert scan.file.path.startswith(str(media))
    assert "Getekend v1.pdf" in client.get(reverse("agreements:draft", args=[final_draft.pk])).content.decode()

    url = reverse("agreements:scan", args=[scan.pk])
    for user in [medewerker, lezer, coordinator]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        # Reading the whole stream lets the test client close the file; an explicit
        # response.close() would send request_finished and close the database connection.
        assert b"".join(response.streaming_content) == VALID_PDF

    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["lezer", "coordinator"])
def test_only_editors_upload_a_scan(client, final_draft, media, who, lezer, coordinator):
    client.force_login({"lezer": lezer, "coordinator": coordinator}[who])
    response = upload(client, final_draft, VALID_PDF)
    assert response.status_code == {"lezer": 403, "coordinator": 404}[who]
    assert not SignedScan.objects.exists()


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


# --- query counts ----------------------------------------------------------------------------


def _fill(draft, n, medewerker, coordinator):
    """n versions (each frozen after a change) and n comments; every version shows both agreement marks,
    the draft is final and has a signed scan, so every part of the page is rendered."""
    from django.utils import timezone

    for i in range(n):
        services.update_section(
            section(draft, "overleg"), actor=medewerker, expected_version=draft.version, text=f"Ronde {i}"
        )
        services.freeze(draft, actor=medewerker)
        author, key = (coordinator, "doel") if i % 2 == 0 else (medewerker, "overleg")
        services.add_comment(draft, actor=author, section=key, text=f"Reactie {i:02d}")
    # A change clears earlier marks, so set them on every version at once for the page to show.
    now = timezone.now()
    draft.versions.update(
        municipality_agreed_at=now,
        municipality_agreed_by=medewerker,
        initiative_agreed_at=now,
        initiative_agreed_by=coordinator,
    )
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.FINAL)
    SignedScan.objects.create(
        draft=draft,
        version=draft.versions.first(),
        file="signed/scan.pdf",
        original_name="getekend.pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=medewerker,
    )
    draft.refresh_from_db()


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("role", ["medewerker", "coordinator"])
def test_the_draft_page_query_count_does_not_grow_with_comments_and_versions(
    client, partnership, medewerker, coordinator, role
):
    small = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    large = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    _fill(small, 1, medewerker, coordinator)
    _fill(large, 50, medewerker, coordinator)
    assert large.versions.count() == 50 and large.comments.count() == 50
    client.force_login({"medewerker": medewerker, "coordinator": coordinator}[role])
    client.get(reverse("agreements:draft", args=[small.pk]))  # warm the per-process caches
    one, page = _queries(client, reverse("agreements:draft", args=[small.pk]))
    # Everything the loops render is on the page: the versions with both marks, the comments, the scan.
    assert "versie 1<" in page and "versie 2<" not in page
    assert_on_page(page, ["Reactie 00", "getekend.pdf", coordinator.full_name, medewerker.full_name])
    fifty, page = _queries(client, reverse("agreements:draft", args=[large.pk]))
    assert "versie 50" in page and "versie 1<" in page
    assert_on_page(page, [f"Reactie {i:02d}" for i in range(50)] + ["getekend.pdf"])
    assert page.count(coordinator.full_name) >= 50
    assert one == fifty


def test_the_partnership_drafts_page_query_count_does_not_grow_with_drafts(client, medewerker):
    small = PartnershipFactory(intensity="middel")
    large = PartnershipFactory(intensity="middel")
    Draft.objects.create(partnership=small, form="afsprakenlijst", title="Concept 00", created_by=medewerker)
    Draft.objects.bulk_create(
        [
            Draft(partnership=large, form="afsprakenlijst", title=f"Concept {i:02d}", created_by=medewerker)
            for i in range(50)
        ]
    )
    client.force_login(medewerker)
    client.get(reverse("agreements:partnership", args=[small.pk]))  # warm the per-process caches
    one, page = _queries(client, reverse("agreements:partnership", args=[small.pk]))
    assert_on_page(page, ["Concept 00", small.initiative.name])
    fifty, page = _queries(client, reverse("agreements:partnership", args=[large.pk]))
    assert_on_page(page, [f"Concept {i:02d}" for i in range(50)] + [large.initiative.name])
    assert one == fifty


# --- a Dutch document, whatever language the drafter reads ---------------------------------------


def test_the_prefilled_text_is_dutch_for_a_drafter_who_reads_english(client, partnership):
    drafter = UserFactory(medewerker=True, language="en")
    client.force_login(drafter)
    client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "samenwerkingsverklaring"})
    draft = Draft.objects.get()
    assert section(draft, "doel").title == "Doel en gezamenlijke ambitie"  # titles are Dutch already
    assert "1 maart 2026" in section(draft, "looptijd").text
    assert section(draft, "activiteiten").text == "- Buurtavond organiseren (initiatief, uiterlijk 1 juni 2025)"
    assert "kennis" in section(draft, "ondersteuning").text
