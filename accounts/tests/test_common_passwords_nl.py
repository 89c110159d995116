import runpy
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory

DATA = Path(__file__).resolve().parent.parent / "data"
DUTCH_MESSAGE = "veelgebruikt Nederlands woord"


@pytest.mark.parametrize(
    "password",
    [
        "wachtwoord123",
        "welkom01",
        "voorjaar2024",
        "Wachtwoord2024!",
        "Zomervakantie2025",
        "Feyenoord1908!!",
        "ajax 12345678",
    ],
)
def test_common_dutch_passwords_are_refused_with_a_dutch_message(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "password_too_common_nl" in [error.code for error in refused.value.error_list]
    assert any(DUTCH_MESSAGE in message for message in refused.value.messages)


@pytest.mark.parametrize(
    "password", ["Zonnepanelen-op-elk-dak-2026", "fiets tulp molen regenboog", "een-goed-wachtwoord"]
)
def test_passwords_that_only_contain_a_dutch_word_are_accepted(password):
    validate_password(password)


@pytest.mark.django_db
def test_the_password_change_page_refuses_a_common_dutch_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "een-goed-wachtwoord", "new_password1": "Voorjaar2024!", "new_password2": "Voorjaar2024!"},
    )
    assert response.status_code == 200
    assert DUTCH_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("een-goed-wachtwoord")


def test_the_list_is_the_one_the_script_makes():
    made = runpy.run_path(str(DATA / "make_common_passwords_nl.py"))["entries"]()
    assert (DATA / "common-passwords-nl.txt").read_text(encoding="utf-8").splitlines() == made
    assert 1000 < len(made) < 10000
    assert {"wachtwoord123", "welkom01", "voorjaar2024"} <= set(made)
