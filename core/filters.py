"""Filters of list pages and their exports, validated by a form.

A filter value the database cannot take (a number beyond any id, 5,000 digits, a NUL character)
is reported on the page and ignored, never a 500. An export with such a filter is refused with
the same message (HTTP 400): it should not silently export more than was asked for.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.safety import SingleLineTextMixin

# The largest id a BigAutoField (bigint) holds; ids are never below 1.
MAX_ID = 2**63 - 1
CHOOSE_FROM_LIST = _("Choose one of the options in the list.")


def id_field(label, element_id: str) -> forms.IntegerField:
    """An id chosen from a drop-down: a whole number from 1 to MAX_ID."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"invalid": CHOOSE_FROM_LIST, "min_value": CHOOSE_FROM_LIST, "max_value": CHOOSE_FROM_LIST},
        widget=forms.NumberInput(attrs={"id": element_id}),
    )


def text_field(label, element_id: str, max_length: int | None = 200) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=forms.TextInput(attrs={"id": element_id})
    )


class FilterForm(SingleLineTextMixin, forms.Form):
    """Bound to request.GET. The widgets carry the ids of the page's own filter inputs, so that an
    error links to its input."""

    def valid_data(self) -> dict:
        """The filters that are valid (an invalid one is left out, and shown by the page)."""
        self.is_valid()
        return self.cleaned_data


def invalid_filter_response(request, form: FilterForm, back_url: str):
    return render(request, "core/invalid_filter.html", {"filter_form": form, "back_url": back_url}, status=400)
