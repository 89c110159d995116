"""The filters of the initiative list and its export (core/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import CHOOSE_FROM_LIST, MAX_ID, FilterForm, text_field

NO_CONTACT = "geen"


class InitiativeFilterForm(FilterForm):
    q = text_field(_("Search by name or email"), "zoek")
    thema = text_field(_("Theme"), "f-thema", max_length=50)
    fase = text_field(_("Phase"), "f-fase", max_length=50)
    buurt = text_field(_("District (wijk)"), "f-buurt", max_length=20)
    # "geen" (no active contact) or the id of a colleague
    contact = text_field(_("Contact person"), "f-contact", max_length=None)

    def clean_contact(self):
        value = self.cleaned_data["contact"]
        if value in ("", NO_CONTACT):
            return value or None
        try:
            number = int(value)
        except ValueError:
            raise forms.ValidationError(CHOOSE_FROM_LIST, code="invalid") from None
        if not 1 <= number <= MAX_ID:
            raise forms.ValidationError(CHOOSE_FROM_LIST, code="invalid")
        return number
