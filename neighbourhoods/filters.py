"""The filters of the neighbourhood list, its export and the bulk-role page (core/filters.py)."""

from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, id_field, text_field


class NeighbourhoodFilterForm(FilterForm):
    q = text_field(_("Search by name or code"), "zoek")
    wijk = text_field(_("District (wijk)"), "filter-wijk", max_length=20)
    soort = text_field(_("Kind"), "filter-soort", max_length=20)
    rol = id_field(_("Role"), "filter-rol")
    stap = text_field(_("Step progress"), "filter-stap", max_length=20)
    warmte = text_field(_("Heat strategy"), "filter-warmte", max_length=50)
    sort = text_field(_("Sort"), "filter-sort", max_length=20)
