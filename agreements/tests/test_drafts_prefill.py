"""Making a draft: the suggested form, the text prefilled from the partnership file (in Dutch,
whatever language the drafter reads), and who may make one."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agreements import services
from agreements.models import Draft
from agreements.reference import FORM_SECTIONS, sections_for
from agreements.tests.helpers import section
from partnerships import services as partnership_services
from partnerships.models import Assessment
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

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
    # The activities themselves are the table of this section, not a second list in its text.
    assert texts["activiteiten"] == "De partijen voeren de activiteiten in de tabel hieronder uit."
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


# --- a Dutch document, whatever language the drafter reads ---------------------------------------


def test_the_prefilled_text_is_dutch_for_a_drafter_who_reads_english(client, partnership):
    drafter = UserFactory(medewerker=True, language="en")
    client.force_login(drafter)
    client.post(reverse("agreements:partnership", args=[partnership.pk]), {"form": "samenwerkingsverklaring"})
    draft = Draft.objects.get()
    assert section(draft, "doel").title == "Doel en gezamenlijke ambitie"  # titles are Dutch already
    assert "1 maart 2026" in section(draft, "looptijd").text
    assert section(draft, "activiteiten").text == "De partijen voeren de activiteiten in de tabel hieronder uit."
    assert "kennis" in section(draft, "ondersteuning").text
