"""The import's change detection (neighbourhoods/import_changes.py), apart from the import."""

from neighbourhoods.import_changes import changed_fields, history_change
from neighbourhoods.models import Neighbourhood


def test_only_differing_values_and_the_kind_are_changes():
    current = Neighbourhood(code="BU04020101", kind="buurt", name="Oud", inhabitants=10, dwellings=5)
    assert changed_fields(current, {"name": "Oud", "inhabitants": 10}, "buurt") == {}
    assert changed_fields(current, {"name": "Nieuw", "inhabitants": 10}, "buurt") == {"name": "Nieuw"}
    # A value missing from the file is not in the values, so it never erases a stored one.
    assert "dwellings" not in changed_fields(current, {"name": "Oud"}, "buurt")
    assert changed_fields(current, {}, "wijk") == {"kind": "wijk"}


def test_a_boundary_change_is_recorded_without_its_coordinates():
    item = history_change("geometry", None, {"type": "Polygon", "coordinates": []})
    assert item["old"] == "" and item["new"] == "…"
    parent = history_change("parent_id", 1, 2, {1: "WK040201", 2: "WK040202"})
    assert (parent["field"], parent["old"], parent["new"]) == ("parent", "WK040201", "WK040202")
