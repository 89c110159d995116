"""Limits of the CBS import: a hostile or broken file gets a clear message, never a 500.

- JSON nesting: GeoJSON is at most about ten levels deep (collection, feature, geometry,
  coordinates of a multipolygon). Python's JSON parser recurses per level, and the geometry is
  later written to the database and drawn on the map, also recursively; so deeper files are
  refused before parsing.
- Rows: at most `settings.CBS_IMPORT_MAX_ROWS` wijken and buurten per file (the whole country is
  about 18,000).
- Query parameters: SQLite allows a limited number of variables in one statement (999 in older
  builds, 32,766 in most); a national file has more codes than that, so lookups by code go in
  batches.
"""

import re

from django.conf import settings
from django.db import connections

MAX_JSON_DEPTH = 32

# A JSON string (escapes included), so that brackets inside names are not counted.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_OBJECT_TO_ARRAY = bytes.maketrans(b"{}", b"[]")


def json_too_deep(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects more than `limit` levels deep.

    Without recursion and in a few passes over the bytes: strings are removed, only the brackets
    kept (objects and arrays alike), and each pass removes the innermost pairs, so a balanced text
    of depth d is empty after exactly d passes. A malformed text is left to the JSON parser."""
    brackets = _JSON_STRING.sub(b"", data).translate(_OBJECT_TO_ARRAY, _NOT_A_BRACKET)
    for _ in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets


def max_rows() -> int:
    return settings.CBS_IMPORT_MAX_ROWS


def query_batch_size(using: str = "default") -> int | None:
    """How many values one `__in` lookup may hold on this database (None: no limit that matters).

    Django's figure for SQLite is the lowest any build has (999); a few places are left for the
    query's other parameters."""
    limit = connections[using].features.max_query_params
    return None if limit is None else max(1, limit - 10)


def filter_in_batches(queryset, field: str, values):
    """The objects of `queryset` whose `field` is one of `values`, in as many queries as the
    database needs."""
    values = list(dict.fromkeys(values))
    size = query_batch_size(queryset.db) or max(len(values), 1)
    for start in range(0, len(values), size):
        yield from queryset.filter(**{f"{field}__in": values[start : start + size]})
