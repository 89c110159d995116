"""Making user text safe where it leaves the app: spreadsheet cells (formula injection)."""

from decimal import Decimal

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
