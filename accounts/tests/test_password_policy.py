"""The password policy: long passphrases pass, likeness to the person refused, messages in Dutch."""

import pytest
from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import User

PERSON = User(email="p.devries@gemeente-hilversum.nl", full_name="Pieter de Vries")
# 26 characters, sharing words with the mail domain: Django's own validator refuses it.
PASSPHRASE = "gemeente-hilversum-fietst!"


def messages(password, user=PERSON, language="nl"):
    with translation.override(language):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


def test_a_long_passphrase_like_the_mail_domain_is_accepted():
    assert len(PASSPHRASE) == 26
    with pytest.raises(ValidationError):
        UserAttributeSimilarityValidator().validate(PASSPHRASE, PERSON)  # what it was
    assert messages(PASSPHRASE) == []
    assert messages("drie kale kippen zingen zacht") == []


def test_a_password_like_the_local_part_of_the_address_is_refused():
    assert messages("p.devries2031") == ["Het wachtwoord lijkt te veel op het eerste deel van uw e-mailadres."]


def test_a_password_like_the_name_is_refused():
    assert messages("PieterdeVries!") == ["Het wachtwoord lijkt te veel op uw naam."]


def test_password_messages_are_dutch():
    assert messages("kort1") == ["Dit wachtwoord is te kort: gebruik minstens 12 tekens."]
    assert "Dit wachtwoord bevat alleen cijfers." in messages("1234567890123")
    assert "Dit wachtwoord is te algemeen." in messages("password1234")
    with translation.override("nl"):
        texts = " ".join(password_validators_help_texts())
    assert "minstens 12 tekens" in texts and "eerste deel van uw e-mailadres" in texts
    for english in ("too short", "too similar", "password", "at least"):
        assert english not in " ".join(messages("kort1") + messages("p.devries")).lower()
    assert "lijkt te veel op de e-mailadres" not in " ".join(messages("p.devries@gemeente"))


def test_password_messages_follow_the_english_reader():
    assert messages("kort1", language="en") == ["This password is too short: use at least 12 characters."]
