"""A server-rendered SVG map of the neighbourhoods, coloured per request.

The expensive part, turning GeoJSON boundaries into SVG path data (`neighbourhoods.geometry`),
runs once per set of neighbourhoods: the result is cached under a key made of the number of
neighbourhoods and the latest `updated_at`, so any save (an import, an edit) makes a new key.
Colouring is cheap and happens on every request, from a fixed number of queries whatever the
number of buurten.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from neighbourhoods import cbs_facts, figures, queries
from neighbourhoods.geometry import render_paths
from neighbourhoods.models import Neighbourhood, Role, RoleDecision
from partnerships.models import Partnership

CACHE_FORMAT = 2  # bump when the cached structure or the drawing (neighbourhoods.geometry) changes
CACHE_TIMEOUT = 60 * 60 * 24 * 30  # the key changes with the data; this only bounds stale entries

# Colourings, as the `kleur` GET parameter names them.
STEPS, ROLE, PARTNERSHIP, HEAT = "stappen", "rol", "partnerschap", "warmte"
DEFAULT_MODE = STEPS
MODES = [
    (STEPS, _("Step progress")),
    (ROLE, _("Role (step 1)")),
    (PARTNERSHIP, _("Partnership status")),
    (HEAT, _("Heat strategy")),
]

# "Nothing recorded" is hatched grey in every colouring: set apart by texture, not only by colour.
NONE_PATTERN_ID = "kaart-geen"
NONE_FILL = f"url(#{NONE_PATTERN_ID})"
NONE_SWATCH = "repeating-linear-gradient(45deg, #6b6b6b 0 2px, #e6e6e6 2px 6px)"

# Colour-blind safe palettes (Okabe-Ito, ColorBrewer); neighbours in an order differ in lightness too.
STEP_COLOURS = {"step1": "#6baed6", "done": "#08519c", "goals": "#e69f00"}
ROLE_COLOURS = [
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#8c564b",
    "#332288",
    "#999933",
]
PARTNERSHIP_COLOURS = {
    "exploring": "#9ecae1",
    "in_conversation": "#4292c6",
    "agreements_recorded": "#08306b",
    "active": "#238b45",
    "review_due": "#fd8d3c",
    "ended": "#8c6bb1",
    "stopped_together": "#a6761d",
}
# When several partnerships cover a neighbourhood, the map shows the most advanced one.
PARTNERSHIP_PRIORITY = [
    "active",
    "review_due",
    "agreements_recorded",
    "in_conversation",
    "exploring",
    "ended",
    "stopped_together",
]
HEAT_COLOURS = {
    "S1": "#0072b2",
    "S2": "#d55e00",
    "S3": "#e69f00",
    "S4": "#009e73",
    "S5": "#a1d99b",
    "open": "#cc79a7",
}


# --- Which set, and the cached path data ------------------------------------------------------

# Above this many buurten in the chosen area the map draws wijken: a map of thousands of small
# shapes is neither readable nor quick (at national scale, 14,000 buurten made a 9.7 MB page).
MAX_BUURTEN_DRAWN = 2000


@dataclass(frozen=True)
class Scope:
    """The area a map request shows: one municipality (by CBS code), or everything (code None)."""

    code: str | None
    name: str  # the municipality's name, as the CBS file gives it
    kind: str  # the kind drawn and listed
    drawn: int  # how many of that kind have a boundary
    key: str  # cache key of the path data: changes with any saved change in the area
    several: bool = False  # whether the data holds several municipalities (then the page offers a choice)
    unknown: str = ""  # a requested code without neighbourhoods (the page says so)


def _area_figures(code):
    """Counts of one municipality's neighbourhoods (code None: all of them), one aggregate query."""
    buurt, wijk = Q(kind=Neighbourhood.Kind.BUURT), Q(kind=Neighbourhood.Kind.WIJK)
    with_geometry = Q(geometry__isnull=False)
    rows = Neighbourhood.objects.all() if code is None else Neighbourhood.objects.filter(municipality_code=code)
    return rows.aggregate(
        count=Count("pk"),
        latest=Max("updated_at"),
        name=Max("municipality_name"),
        buurten=Count("pk", filter=buurt),
        buurten_drawn=Count("pk", filter=buurt & with_geometry),
        wijken_drawn=Count("pk", filter=wijk & with_geometry),
    )


def _first_and_last_code():
    codes = Neighbourhood.objects.values_list("municipality_code", flat=True)
    return codes.order_by("municipality_code").first(), codes.order_by("-municipality_code").first()


def choose_scope(requested: str | None = None, default: str | None = None) -> Scope:
    """One municipality when the data holds several (the requested one, else `default`, the
    installation's own, else the first by code), else everything. Then the kind drawn: buurten
    when any buurt in the area has a boundary and there are not too many, else wijken with
    boundaries; with no boundaries at all the buurten (or the wijken) are still listed.

    A few indexed queries: the first and last municipality code, and one aggregate over the
    area's rows, whose count and latest change make the cache key."""
    first, last = _first_and_last_code()
    several = first != last
    code, unknown, figures = None, "", None
    if several:
        for candidate in (requested, default, first):
            if candidate:
                figures = _area_figures(candidate)
                if figures["count"]:
                    code = candidate
                    break
                if candidate == requested:
                    unknown = requested
        if code is None:  # the first code is blank: neighbourhoods without a municipality code
            code, figures = first, _area_figures(first)
    else:
        figures = _area_figures(None)
    if figures["buurten_drawn"] and (figures["buurten_drawn"] <= MAX_BUURTEN_DRAWN or not figures["wijken_drawn"]):
        kind, drawn = Neighbourhood.Kind.BUURT, figures["buurten_drawn"]
    elif figures["wijken_drawn"]:
        kind, drawn = Neighbourhood.Kind.WIJK, figures["wijken_drawn"]
    else:
        kind, drawn = (Neighbourhood.Kind.BUURT if figures["buurten"] else Neighbourhood.Kind.WIJK), 0
    latest = figures["latest"].isoformat() if figures["latest"] else ""
    area = "*" if code is None else code
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{area}|{kind}|{figures['count']}|{latest}".encode()).hexdigest()[:32]
    return Scope(
        code=code,
        name=figures["name"] or "",
        kind=kind,
        drawn=drawn,
        key=f"overview:map:{digest}",
        several=several,
        unknown=unknown,
    )


def cached_paths(scope: Scope) -> dict:
    geometry = cache.get(scope.key)
    if geometry is None:
        items = []
        if scope.drawn:
            items = queries.in_area(
                Neighbourhood.objects.filter(kind=scope.kind, geometry__isnull=False), scope.code
            ).values_list("pk", "geometry", "geometry_crs")
        geometry = render_paths(items)
        cache.set(scope.key, geometry, CACHE_TIMEOUT)
    return geometry


# --- Colouring ---------------------------------------------------------------------------------


@dataclass
class Category:
    key: str
    label: str
    fill: str  # an SVG paint: a colour or the hatch pattern
    count: int = 0
    order: tuple = ()

    @property
    def swatch(self) -> str:
        """CSS background for the legend swatch."""
        return NONE_SWATCH if self.fill == NONE_FILL else self.fill


@dataclass
class Entry:
    """One neighbourhood on the map and in the table."""

    code: str
    name: str
    url: str
    category: Category
    detail: str = ""
    path: str = ""


def _base(scope):
    return queries.in_area(Neighbourhood.objects.filter(kind=scope.kind), scope.code).order_by("code")


def _every_category(categories):
    return list(categories.values())


def _steps(scope):
    categories = {
        "none": Category("none", _("No step done yet"), NONE_FILL),
        "step1": Category("step1", _("Step 1 done (role)"), STEP_COLOURS["step1"]),
        "done": Category("done", _("Steps 1 and 2 done (role and goals)"), STEP_COLOURS["done"]),
        "goals": Category("goals", _("Step 2 done, step 1 still open"), STEP_COLOURS["goals"]),
    }
    rows = queries.add_progress(_base(scope).only("code", "name", "parent_id"))

    def classify(n):
        if n.step1_done:
            return categories["done" if n.step2_done else "step1"], ""
        return categories["goals" if n.step2_done else "none"], ""

    return rows, categories, classify, _every_category


def _roles(scope):
    """The effective role set (own decision, else the wijk's) from plain values: four queries
    and no model instance per decision, whatever the number of neighbourhoods."""
    categories = {"none": Category("none", _("No role chosen yet"), NONE_FILL)}
    rows = _base(scope).only("code", "name", "parent_id")
    # A wijk and its buurten share the municipality code, so the scope covers the inherited ones.
    decisions = queries.in_area(RoleDecision.objects.all(), scope.code, "neighbourhood__municipality_code")
    decision_of = dict(decisions.values_list("neighbourhood_id", "pk"))
    role_by_pk = {role.pk: role for role in Role.objects.select_related("framework")}  # in Role's order
    position = {pk: index for index, pk in enumerate(role_by_pk)}

    def members(through):
        result = {}
        for decision_id, role_id in through.objects.filter(roledecision__in=decisions).values_list(
            "roledecision_id", "role_id"
        ):
            result.setdefault(decision_id, []).append(role_id)
        return {d: [role_by_pk[r] for r in sorted(ids, key=position.get)] for d, ids in result.items()}

    roles_of = members(RoleDecision.roles.through)
    dominant_of = members(RoleDecision.dominant_roles.through)

    def classify(n):
        inherited = False
        decision = decision_of.get(n.pk)
        if not roles_of.get(decision):
            decision, inherited = decision_of.get(n.parent_id), True
        roles = roles_of.get(decision)
        if not roles:
            return categories["none"], ""
        dominant = dominant_of.get(decision)
        role = dominant[0] if dominant else roles[0]
        key = f"role-{role.pk}"
        if key not in categories:
            order = (role.framework.order, role.framework.label, role.order, role.label)
            categories[key] = Category(key, role.label, "", order=order)
        detail = ", ".join(r.label for r in roles)
        if inherited:
            detail = _("%(roles)s (from the district)") % {"roles": detail}
        return categories[key], detail

    def legend(categories):
        # Only the roles in use, in their own order, each with the next colour of the palette.
        present = sorted((c for c in categories.values() if c.key != "none"), key=lambda c: c.order)
        for index, category in enumerate(present):
            category.fill = ROLE_COLOURS[index % len(ROLE_COLOURS)]
        return [categories["none"], *present]

    return rows, categories, classify, legend


def _partnerships(scope):

    labels = dict(Partnership.Status.choices)
    categories = {"none": Category("none", _("No partnership"), NONE_FILL)}
    for status, label in Partnership.Status.choices:
        categories[status] = Category(status, label, PARTNERSHIP_COLOURS.get(status, "#666666"))
    # Every link between a partnership and a neighbourhood, in one query: a partnership for a
    # wijk covers its buurten too.
    covering = {}
    links = (
        queries.in_area(
            Partnership.neighbourhoods.through.objects.all(), scope.code, "neighbourhood__municipality_code"
        )
        .order_by("partnership__initiative__name")
        .values_list("neighbourhood_id", "partnership_id", "partnership__status", "partnership__initiative__name")
    )
    for neighbourhood_id, *partnership in links:
        covering.setdefault(neighbourhood_id, []).append(partnership)
    rows = _base(scope).only("code", "name", "parent_id")
    rank = {status: index for index, status in enumerate(PARTNERSHIP_PRIORITY)}

    def classify(n):
        own = covering.get(n.pk, [])
        own_ids = {pk for pk, _status, _name in own}
        inherited = [p for p in covering.get(n.parent_id, []) if p[0] not in own_ids]
        if not own and not inherited:
            return categories["none"], ""
        _pk, best, _name = min(own + inherited, key=lambda p: rank.get(p[1], len(rank)))
        parts = [f"{name}: {labels.get(status, status)}" for _pk, status, name in own]
        parts += [
            _("%(initiative)s: %(status)s (via the district)")
            % {"initiative": name, "status": labels.get(status, status)}
            for _pk, status, name in inherited
        ]
        return categories.get(best, categories["none"]), "; ".join(parts)

    return rows, categories, classify, _every_category


def _heat(scope):
    categories = {
        value: Category(value, label, HEAT_COLOURS.get(value, "#666666"))
        for value, label in Neighbourhood.HeatStrategy.choices
    }
    categories[""] = Category("none", _("not recorded"), NONE_FILL)
    rows = _base(scope).only("code", "name", "heat_strategy")

    def classify(n):
        return categories.get(n.heat_strategy, categories[""]), ""

    return rows, categories, classify, _every_category


# A CBS figure in five classes of equal counts (quintiles of the area's values), light to dark in
# one hue (ColorBrewer Blues, safe for colour-blind readers); each class is named with its range
# in the legend and the table, so nothing is told by colour alone.
FACT_PREFIX = "cijfer-"
FACT_COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]


def _fact(key):
    definition = cbs_facts.BY_KEY[key]

    def colouring(scope):
        rows = list(_base(scope).only("code", "name").annotate(fact_value=figures.latest_value(key)))
        values = sorted(n.fact_value for n in rows if n.fact_value is not None)
        categories = {"none": Category("none", _("no figure (secret, later or not imported)"), NONE_FILL)}
        # The upper bound of each class: the value at each fifth of the sorted values.
        bounds = (
            sorted({values[max(0, (len(values) * i) // 5 - 1)] for i in range(1, 5)} | {values[-1]}) if values else []
        )
        for number, high in enumerate(bounds):
            members = [v for v in values if v <= high and (number == 0 or v > bounds[number - 1])]
            text = cbs_facts.format_number(round(members[0], 1))
            if members[-1] != members[0]:
                text += f" – {cbs_facts.format_number(round(members[-1], 1))}"
            unit = definition.unit
            colour = FACT_COLOURS[round(number * (len(FACT_COLOURS) - 1) / max(1, len(bounds) - 1))]
            label = f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()
            categories[str(number)] = Category(str(number), label, colour)

        def classify(n):
            if n.fact_value is None:
                return categories["none"], ""
            number = next(i for i, high in enumerate(bounds) if n.fact_value <= high)
            return categories[str(number)], cbs_facts.format_number(round(n.fact_value, 1))

        return rows, categories, classify, _every_category

    return colouring


FACT_MODES = [(FACT_PREFIX + f.key, format_lazy("CBS: {}", f.label)) for f in cbs_facts.FACTS]
MODES = MODES + FACT_MODES
COLOURINGS = {STEPS: _steps, ROLE: _roles, PARTNERSHIP: _partnerships, HEAT: _heat}
COLOURINGS.update({FACT_PREFIX + f.key: _fact(f.key) for f in cbs_facts.FACTS})


def build_map(mode: str, requested: str | None = None, default: str | None = None) -> dict:
    """Everything the map page shows, for one colouring and one area (see `choose_scope`)."""
    if mode not in COLOURINGS:
        mode = DEFAULT_MODE
    scope = choose_scope(requested, default)
    geometry = cached_paths(scope)
    paths = geometry["paths"]
    rows, categories, classify, legend = COLOURINGS[mode](scope)
    url_template = reverse("neighbourhoods:detail", args=["CODE"])
    entries = []
    for n in rows:
        category, detail = classify(n)
        category.count += 1
        entries.append(
            Entry(
                code=n.code,
                name=n.name,
                url=url_template.replace("CODE", n.code),
                category=category,
                detail=detail,
                path=paths.get(n.pk, ""),
            )
        )
    shapes = [e for e in entries if e.path]
    return {
        "mode": mode,
        "mode_label": dict(MODES)[mode],
        "fact_mode": mode.startswith(FACT_PREFIX),
        "kind": scope.kind,
        "scope": scope,
        "width": geometry["width"],
        "height": geometry["height"],
        "entries": entries,
        "shapes": shapes,
        "legend": legend(categories),  # after classifying: the counts and role colours are known
        "none_pattern_id": NONE_PATTERN_ID,
        "summary": ngettext(
            "%(shown)s of %(total)s neighbourhood on the map",
            "%(shown)s of %(total)s neighbourhoods on the map",
            len(entries),
        )
        % {"shown": len(shapes), "total": len(entries)},
    }
