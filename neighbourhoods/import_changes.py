"""Change detection of the CBS import: what an imported row changes in a stored neighbourhood,
and how such a change is written into the history. Pure functions of a row's values and a model
instance; `importing._upsert` applies what they find."""

from core import history
from neighbourhoods.models import Neighbourhood


def changed_fields(current: Neighbourhood, values: dict, kind: str) -> dict:
    """{field: new value} for the values that differ from `current` (its kind included).

    A value missing from the file is not in `values`, so it never erases a stored one."""
    changed = {k: v for k, v in values.items() if getattr(current, k) != v}
    if current.kind != kind:
        changed["kind"] = kind
    return changed


def history_change(field_name, old, new, codes: dict | None = None) -> dict:
    """One history item for a changed field. `codes` maps the parent ids to CBS codes."""
    if field_name == "geometry":  # too long to show; say only that it changed
        return history.change(Neighbourhood, field_name, "…" if old else "", "…" if new else "")
    if field_name == "parent_id":
        codes = codes or {}
        return history.change(Neighbourhood, "parent", codes.get(old, ""), codes.get(new, ""))
    return history.change(Neighbourhood, field_name, old, new)


def parent_codes(changed_rows) -> dict:
    """{pk: code} of the old and new parents in a batch of changes, in one query."""
    ids = {
        p for changes in changed_rows for f, (old, new) in changes.items() if f == "parent_id" for p in (old, new) if p
    }
    if not ids:
        return {}
    return dict(Neighbourhood.objects.filter(pk__in=ids).values_list("pk", "code"))
