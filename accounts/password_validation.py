import re
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
