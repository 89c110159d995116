"""Form widgets shared by the apps."""

from django import forms


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """A list of checkboxes for many choices (neighbourhoods).

    Without JavaScript a plain list; `static/js/wijkpartner.js` adds a filter box and a
    "chosen: ..." line (it looks for `data-choice-filter`), and the list scrolls in its own box.
    """

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-choice-filter": "", **(attrs or {})}, choices)
