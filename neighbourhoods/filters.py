"""The filters of the neighbourhood list, its export and the bulk-role page (core/filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import CHOOSE_FROM_LIST, FilterForm, id_field, text_field
from neighbourhoods import cbs_facts


def _number(label, element_id):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"id": element_id, "inputmode": "decimal"}),
    )


class NeighbourhoodFilterForm(FilterForm):
    q = text_field(_("Search by name or code"), "zoek")
    wijk = text_field(_("District (wijk)"), "filter-wijk", max_length=20)
    soort = text_field(_("Kind"), "filter-soort", max_length=20)
    rol = id_field(_("Role"), "filter-rol")
    stap = text_field(_("Step progress"), "filter-stap", max_length=20)
    warmte = text_field(_("Heat strategy"), "filter-warmte", max_length=50)
    sort = text_field(_("Sort"), "filter-sort", max_length=20)
    # A CBS figure (its latest year with a number): shown as a column, filtered, sorted on.
    feit = forms.ChoiceField(
        label=_("CBS figure"),
        required=False,
        choices=[("", "")] + [(f.key, f.label) for f in cbs_facts.FACTS],
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
        widget=forms.Select(attrs={"id": "filter-feit"}),
    )
    feit_van = _number(_("from (at least)"), "filter-feit-van")
    feit_tot = _number(_("up to (at most)"), "filter-feit-tot")
