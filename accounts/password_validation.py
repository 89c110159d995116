import re
from difflib import SequenceMatcher
from pathlib import Path

from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    UserAttributeSimilarityValidator,
    exceeds_maximum_length_ratio,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Digits, spaces and signs that people add after a word to make it long enough.
_ENDING = re.compile(r"[\d\W_]+$")


class DutchCommonPasswordValidator(CommonPasswordValidator):
    """Refuses common Dutch passwords, beside Django's English CommonPasswordValidator: a password
    from accounts/data/common-passwords-nl.txt (see make_common_passwords_nl.py there for where it
    comes from), or a word from that list followed by any digits or signs (`Voorjaar2031!!`)."""

    DEFAULT_PASSWORD_LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"

    def __init__(self, password_list_path=DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)

    def validate(self, password, user=None):
        text = password.lower().strip()
        if text in self.passwords or _ENDING.sub("", text) in self.passwords:
            raise ValidationError(self.get_error_message(), code="password_too_common_nl")

    def get_error_message(self):
        return _(
            "This password is a common Dutch word or name with a number or year added, which is easy to "
            "guess. Choose a longer sentence or a few words that have nothing to do with each other."
        )

    def get_help_text(self):
        return _("Your password can't be a common Dutch word or name with a number or year added.")


class LengthValidator(MinimumLengthValidator):
    """Django's minimum length, with messages of our own: Django 5.2 changed its message and its
    Dutch translation has not followed, so "This password is too short" showed in English."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)d character; a sentence of a few words is best.",
            "Your password must contain at least %(min_length)d characters; a sentence of a few words is best.",
            self.min_length,
        ) % {"min_length": self.min_length}


class PersonalSimilarityValidator(UserAttributeSimilarityValidator):
    """Refuses a password too much like the person's name or the part of their address before the @.

    Django's validator also compares the whole address and its domain: a long passphrase that
    happens to share words with the municipality's mail domain (`gemeente-hilversum.nl`) was
    refused, although the domain is no secret of the person's and guessing it helps no one."""

    def __init__(self, max_similarity=0.7):
        super().__init__(user_attributes=(), max_similarity=max_similarity)

    def personal_values(self, user):
        email = getattr(user, "email", "") or ""
        name = getattr(user, "full_name", "") or ""
        return [
            (email.rsplit("@", 1)[0], _("The password is too similar to the first part of your email address.")),
            (name, _("The password is too similar to your name.")),
        ]

    def validate(self, password, user=None):
        if not user:
            return
        password = password.lower()
        for value, message in self.personal_values(user):
            value = value.lower().strip()
            if not value:
                continue
            for part in [p for p in re.split(r"\W+", value) if len(p) > 2] + [value]:
                if exceeds_maximum_length_ratio(password, self.max_similarity, part):
                    continue
                if SequenceMatcher(a=password, b=part).quick_ratio() >= self.max_similarity:
                    raise ValidationError(message, code="password_too_similar")

    def get_help_text(self):
        return _("Your password can't be too similar to your name or the first part of your email address.")
