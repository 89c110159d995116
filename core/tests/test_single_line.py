"""Single-line inputs refuse control characters (a line break in a name split mail headers and file
names), in every form of the project; text areas keep their line breaks."""

import importlib
import inspect

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from agreements.forms import SectionForm
from core.safety import SingleLineTextMixin, one_line
from partnerships.forms import StopTogetherForm
from partnerships.models import Initiative, Invitation, Theme
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

DUTCH_ERROR = "Gebruik één regel, zonder regeleinden, tabs of andere stuurtekens."
FORM_MODULES = [
    "accounts.forms",
    "agreements.forms",
    "audit.forms",
    "core.filters",
    "core.forms",
    "neighbourhoods.filters",
    "neighbourhoods.forms",
    "partnerships.filters",
    "partnerships.forms",
    "policies.forms",
    "wijkkompas.forms",
]


def initiative_post(**extra):
    return {
        "version": 1,
        "name": "Energie Samen Oost",
        "legal_form": "cooperatie",
        "email": "info@energiesamen.example",
        "website": "",
        "themes": [Theme.objects.get(key="zon").pk],
        "phase": "planning",
        "notes": "Eerste regel.\r\nTweede regel.",
        **extra,
    }


def test_an_initiative_name_with_a_line_break_is_refused_in_dutch_and_nothing_is_saved(client, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("initiatives:create"), initiative_post(name="Naam\r\nBcc: x"))
    assert response.status_code == 200
    assert DUTCH_ERROR in response.content.decode()
    assert not Initiative.objects.exists()

    # A text area keeps its line breaks; the same form with a one-line name saves.
    response = client.post(reverse("initiatives:create"), initiative_post(name="Naam"))
    assert response.status_code == 302
    assert Initiative.objects.get().notes == "Eerste regel.\r\nTweede regel."


def test_editing_an_initiative_refuses_a_line_break_too(client, medewerker):
    initiative = InitiativeFactory(name="Oude naam")
    client.force_login(medewerker)
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        initiative_post(name="Nieuwe\nnaam", version=initiative.version),
    )
    assert response.status_code == 200 and DUTCH_ERROR in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.name == "Oude naam"


@pytest.mark.parametrize(
    "text", ["Naam\r\nBcc: x", "Naam\nx", "Naam\tx", "Naam\x1bx", "Naam\x85x", "Naam\u2028x", "Naam\u2029x"]
)
def test_every_control_character_and_line_separator_is_refused(text):
    form = StopTogetherForm(
        data={
            "stop_reasons": "Regel 1\nRegel 2",
            "stop_agreed_by": text,
            "stop_date": "2025-01-01",
            "agreed_outside": "In het overleg van 3 maart\nmet het bestuur",  # several lines may
        }
    )
    assert not form.is_valid()
    assert form.errors == {"stop_agreed_by": [DUTCH_ERROR]}


def test_ordinary_names_are_accepted():
    form = StopTogetherForm(
        data={
            "stop_reasons": "x",
            "stop_agreed_by": "Energiecoöperatie ‘De Zon’ — A. de Vries",
            "stop_date": "2025-01-01",
            "agreed_outside": "Per mail, 3 maart",
        }
    )
    assert form.is_valid(), form.errors


def test_fields_added_in_init_are_checked_too(draft_section):
    form = SectionForm(data={"version": 1, "title": "Titel\r\nmet regeleinde", "text": "a\nb"}, section=draft_section)
    assert not form.is_valid()
    assert form.errors == {"title": [DUTCH_ERROR]}


@pytest.fixture
def draft_section(medewerker):
    from agreements import services
    from partnerships.tests.factories import PartnershipFactory

    draft = services.create_draft(PartnershipFactory(), form="samenwerkingsverklaring", actor=medewerker)
    return draft.sections.first()


def test_every_form_of_the_project_checks_its_single_line_inputs():
    """A form added later without the mixin fails here."""
    missing = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, forms.BaseForm) and not issubclass(cls, SingleLineTextMixin):
                missing.append(f"{name}.{cls.__name__}")
    assert missing == []


def test_a_name_stored_before_the_check_still_gets_its_invitation_mail(
    client, medewerker, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(name="Oude\r\nnaam")  # saved before forms refused it
    client.force_login(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("initiatives:invite", args=[initiative.pk]), {"email": "c@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.get().initiative == initiative
    [message] = mail.outbox
    assert "Oude naam" in message.subject and "\n" not in message.subject
    message.message()  # the headers can be built


def test_one_line():
    assert one_line(" Naam\r\n\tBcc:\u2028x ") == "Naam Bcc: x"
