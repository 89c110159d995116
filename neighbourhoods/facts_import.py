"""Storing the CBS figures of an import (neighbourhoods/cbs_facts.py), inside its transaction.

Rules:
- one row per neighbourhood, year and figure: importing 2022, 2023 and 2024 keeps all three;
- a later version of the same year fills in what was missing: a number replaces a special value
  or another number; a special value never replaces a number, and "published in a later version"
  never replaces another special value;
- a real import removes the demo figures of the neighbourhoods it touches (they never mix);
- a wijk without its own figure gets one derived from its buurten, marked `derived`; a figure
  from CBS replaces it.
"""

from collections import defaultdict

from neighbourhoods import cbs_facts
from neighbourhoods.import_limits import filter_in_batches
from neighbourhoods.models import Neighbourhood, NeighbourhoodFact


def _same(fact, value, special, source, derived=False) -> bool:
    return (
        fact.value == value
        and fact.special == special
        and fact.source == source
        and fact.derived == derived
        and not fact.demo
    )


def store(pairs, *, source: str) -> set[int]:
    """Store the figures of (neighbourhood id, year, {key: (value, special)}) triples.

    Returns the ids of the neighbourhoods whose figures changed."""
    pairs = [(nid, year, facts) for nid, year, facts in pairs if year and facts]
    if not pairs:
        return set()
    ids = [nid for nid, _year, _facts in pairs]
    changed_ids = set()
    demo = list(filter_in_batches(NeighbourhoodFact.objects.filter(demo=True), "neighbourhood_id", ids))
    if demo:
        NeighbourhoodFact.objects.filter(pk__in=[f.pk for f in demo]).delete()
        changed_ids |= {f.neighbourhood_id for f in demo}
    years = {year for _nid, year, _facts in pairs}
    existing = {
        (f.neighbourhood_id, f.year, f.key): f
        for f in filter_in_batches(NeighbourhoodFact.objects.filter(year__in=years), "neighbourhood_id", ids)
    }
    new, updated = [], []
    for nid, year, facts in pairs:
        for key, (value, special) in facts.items():
            fact = existing.get((nid, year, key))
            if fact is None:
                new.append(
                    NeighbourhoodFact(
                        neighbourhood_id=nid, year=year, key=key, value=value, special=special, source=source
                    )
                )
                changed_ids.add(nid)
                continue
            if value is None:
                if fact.value is not None:
                    continue  # a number (CBS's or derived) is never replaced by a special value
                if fact.special is not None and special == cbs_facts.LATER:
                    continue
            if _same(fact, value, special, source):
                continue
            fact.value, fact.special, fact.source, fact.derived = value, special, source, False
            updated.append(fact)
            changed_ids.add(nid)
    NeighbourhoodFact.objects.bulk_create(new, batch_size=500)
    if updated:
        NeighbourhoodFact.objects.bulk_update(
            updated, ["value", "special", "source", "derived", "updated_at"], batch_size=500
        )
    return changed_ids


DERIVED_SOURCE = "Afgeleid uit de buurten (CBS-cijfers)"


def derive_wijk_facts(wijk_ids, *, demo=False) -> set[int]:
    """(Re)derive the figures of these wijken from their buurten where CBS gives none (from the
    demo's figures with `demo`, marked as demo too).

    Returns the ids of wijken whose figures changed."""
    changed = set()
    wijk_ids = list(dict.fromkeys(wijk_ids))
    for start in range(0, len(wijk_ids), 200):
        batch = wijk_ids[start : start + 200]
        parents = dict(Neighbourhood.objects.filter(parent_id__in=batch).values_list("pk", "parent_id"))
        # {(wijk, year): {key: [(buurt, value)]}}
        values = defaultdict(lambda: defaultdict(dict))
        for fact in filter_in_batches(
            NeighbourhoodFact.objects.filter(value__isnull=False, demo=demo), "neighbourhood_id", parents
        ):
            values[(parents[fact.neighbourhood_id], fact.year)][fact.key][fact.neighbourhood_id] = fact.value
        own = {
            (f.neighbourhood_id, f.year, f.key): f for f in NeighbourhoodFact.objects.filter(neighbourhood_id__in=batch)
        }
        new, updated = [], []
        for (wijk, year), by_key in values.items():
            for fact_def in cbs_facts.FACTS:
                figure = _derive(fact_def, by_key)
                current = own.get((wijk, year, fact_def.key))
                if current is not None and (
                    current.demo != demo or (current.value is not None and not current.derived)
                ):
                    continue  # CBS's own figure stays; demo and real figures never mix
                if figure is None:
                    continue
                figure = round(figure, 1)
                if current is None:
                    new.append(
                        NeighbourhoodFact(
                            neighbourhood_id=wijk,
                            year=year,
                            key=fact_def.key,
                            value=figure,
                            source=cbs_facts.DEMO_SOURCE if demo else DERIVED_SOURCE,
                            derived=True,
                            demo=demo,
                        )
                    )
                    changed.add(wijk)
                elif not (current.derived and current.value == figure and current.special is None):
                    current.value, current.special, current.derived = figure, None, True
                    current.source = cbs_facts.DEMO_SOURCE if demo else DERIVED_SOURCE
                    updated.append(current)
                    changed.add(wijk)
        NeighbourhoodFact.objects.bulk_create(new, batch_size=500)
        if updated:
            NeighbourhoodFact.objects.bulk_update(
                updated, ["value", "special", "source", "derived", "updated_at"], batch_size=500
            )
    return changed


def _derive(fact_def, by_key):
    own = by_key.get(fact_def.key) or {}
    if not own or not fact_def.how:
        return None
    if fact_def.how == "sum":
        return sum(own.values())
    weights = by_key.get(fact_def.how.split(":", 1)[1]) or {}
    pairs = [(v, weights[b]) for b, v in own.items() if weights.get(b)]
    total = sum(w for _v, w in pairs)
    if not total:
        return None
    return sum(v * w for v, w in pairs) / total
