"""CBS figures (NeighbourhoodFact) as the pages show them: the latest year, the change since the
earliest, special values as words, the source. Reads what `facts.all()` gives (prefetched or one
query), so a page with many neighbourhoods prefetches once."""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from neighbourhoods import cbs_facts
from neighbourhoods.models import NeighbourhoodFact


@dataclass
class Shown:
    """One figure of one neighbourhood: the latest year's, and its change since the earliest."""

    fact: cbs_facts.Fact
    year: int
    value: float | None
    special: int | None
    first_year: int | None = None
    first_value: float | None = None
    source: str = ""
    derived: bool = False
    demo: bool = False

    @property
    def label(self) -> str:
        return str(self.fact.label)

    @property
    def text(self) -> str:
        """The value with its unit, or the phrase of a special value; never a special code."""
        if self.value is None:
            return str(cbs_facts.SPECIAL.get(self.special, _("not given")))
        unit = self.fact.unit
        number = cbs_facts.format_number(self.value)
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}".strip()

    @property
    def change(self) -> float | None:
        if self.value is None or self.first_value is None or self.first_year == self.year:
            return None
        return round(self.value - self.first_value, 1)

    @property
    def direction(self) -> str:
        """'up', 'down' or 'same', for the arrow (the words beside it say it too)."""
        change = self.change
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "same"

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return ""
        unit = _("percentage points") if self.fact.unit == "%" else self.fact.unit
        number = cbs_facts.format_number(abs(change))
        if change > 0:
            text = _("up %(number)s %(unit)s since %(year)s")
        elif change < 0:
            text = _("down %(number)s %(unit)s since %(year)s")
        else:
            return _("unchanged since %(year)s") % {"year": self.first_year}
        return (text % {"number": number, "unit": unit, "year": self.first_year}).replace("  ", " ")


def shown(facts, keys=None) -> list[Shown]:
    """The figures of one neighbourhood (its NeighbourhoodFact rows), in the order of FACTS."""
    by_key = {}
    for fact in facts:
        by_key.setdefault(fact.key, []).append(fact)
    result = []
    for definition in cbs_facts.FACTS:
        if keys is not None and definition.key not in keys:
            continue
        rows = sorted(by_key.get(definition.key, []), key=lambda f: f.year)
        if not rows:
            continue
        # The latest year with a number (a later year may only say "published in a later version").
        latest = next((f for f in reversed(rows) if f.value is not None), rows[-1])
        first = next((f for f in rows if f.value is not None), None)
        result.append(
            Shown(
                fact=definition,
                year=latest.year,
                value=latest.value,
                special=latest.special,
                first_year=first.year if first else None,
                first_value=first.value if first else None,
                source=latest.source,
                derived=latest.derived,
                demo=latest.demo,
            )
        )
    return result


def years(facts) -> list[int]:
    return sorted({f.year for f in facts})


def sources(facts) -> list[str]:
    return sorted({f.source for f in facts if f.source})


def table(facts) -> dict:
    """Every year's value per figure and the change, for the neighbourhood page:
    {years, rows: [{latest: Shown, cells: [text per year]}], sources, demo, derived}."""
    facts = list(facts)
    all_years = years(facts)
    cells = {(f.key, f.year): f for f in facts}
    rows = []
    for latest in shown(facts):
        texts = []
        for year in all_years:
            fact = cells.get((latest.fact.key, year))
            texts.append(Shown(latest.fact, year, fact.value, fact.special).text if fact else "–")
        rows.append({"latest": latest, "cells": texts})
    return {
        "years": all_years,
        "rows": rows,
        "sources": sources(facts),
        "demo": any(f.demo for f in facts),
        "derived": any(f.derived for f in facts),
    }


def prefetch_facts():
    return Prefetch("facts", queryset=NeighbourhoodFact.objects.order_by("year"))


def latest_value(key: str):
    """A subquery: a neighbourhood's value of figure `key` in the latest year that gives a number."""
    return Subquery(
        NeighbourhoodFact.objects.filter(neighbourhood=OuterRef("pk"), key=key, value__isnull=False)
        .order_by("-year")
        .values("value")[:1]
    )


KEY_FIGURES_SHOWN = 5  # neighbourhoods beside a form; the rest are counted


def key_figures(neighbourhoods) -> tuple[list[dict], int]:
    """The key figures (cbs_facts.KEY_FACTS) of these neighbourhoods, in one query:
    ([{neighbourhood, figures: [Shown]}], how many more were left out)."""
    neighbourhoods = list(neighbourhoods)
    shown_ones = neighbourhoods[:KEY_FIGURES_SHOWN]
    keys = {f.key for f in cbs_facts.KEY_FACTS}
    facts = {}
    for fact in NeighbourhoodFact.objects.filter(neighbourhood__in=[n.pk for n in shown_ones], key__in=keys):
        facts.setdefault(fact.neighbourhood_id, []).append(fact)
    items = [{"neighbourhood": n, "figures": shown(facts.get(n.pk, []), keys)} for n in shown_ones]
    return items, len(neighbourhoods) - len(shown_ones)
