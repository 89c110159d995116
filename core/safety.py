"""Making user text safe: spreadsheet cells (formula injection) and single-line inputs (control characters)."""

import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A spreadsheet program reads a cell that starts with one of these as a formula (or, for tab and
# carriage return, as a cell boundary that can hide one). OWASP: prefix such text with a single
# quote so that it stays text. The full-width forms are read as formulas by some localised Excels.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_text(value) -> str:
    """Text for a CSV or Excel cell that a spreadsheet program cannot run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def is_number(value) -> bool:
    """Numbers (and booleans) stay what they are in an export: a negative count is a number, not a formula."""
    return isinstance(value, (int, float, Decimal))


# --- Single-line text ---------------------------------------------------------------------------
# A name or title ends up in mail headers, file names and PDFs. A line break there splits a header
# (Django refuses to send the mail, or to build the response); other control characters are never
# meant. So single-line inputs refuse every control character (Unicode category Cc) and the
# Unicode line and paragraph separators.

LINE_SEPARATORS = {"\u2028", "\u2029"}


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" or char in LINE_SEPARATORS for char in text)


def one_line(text) -> str:
    """The text on one line: every control character and line separator becomes a space, runs of
    white space one space. For what is already stored (mail subjects, file names)."""
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" or c in LINE_SEPARATORS else c for c in str(text))
    return " ".join(cleaned.split())


def validate_single_line(value):
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(
            _("Use a single line, without line breaks, tabs or other control characters."), code="control_characters"
        )


def is_single_line_input(field) -> bool:
    """Text inputs on one line: character fields (also email, URL) that are not a text area or password."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, (forms.Textarea, forms.PasswordInput))


def radio_without_dashes(field):
    """A radio group offers no "---------": a required one has no empty choice (so none is
    preselected), an optional one calls it "no choice"."""
    if getattr(field, "_radio_checked", False):
        return
    field._radio_checked = True
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = None if field.required else _("no choice")
        return
    choices = list(getattr(field, "choices", []))
    if not any(value == "" for value, _label in choices):
        return
    if field.required:
        field.choices = [(value, label) for value, label in choices if value != ""]
    else:
        field.choices = [(value, _("no choice") if label == "---------" else label) for value, label in choices]


class SingleLineTextMixin:
    """For every form of the project (VersionedModelForm has it): its single-line text inputs refuse
    control characters. Checked when the form is cleaned, so fields added in __init__ count too.
    Its radio groups offer no "---------" choice (`radio_without_dashes`), fixed when a field is shown."""

    def __getitem__(self, name):
        field = self.fields.get(name)
        if field is not None and isinstance(field.widget, forms.RadioSelect):
            radio_without_dashes(field)
        return super().__getitem__(name)

    def full_clean(self):
        for field in self.fields.values():
            if is_single_line_input(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)
        super().full_clean()
