"""The SVG map of the neighbourhoods: drawing, colourings, caching, access and query counts."""

import re
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from conftest import ROLES
from neighbourhoods import geometry, services
from neighbourhoods.importing import import_file
from neighbourhoods.models import Goal, Neighbourhood, Role
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory, WijkFactory
from neighbourhoods.tests.test_geometry import wgs84_to_rd
from overview import map as neighbourhood_map
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent.parent / "neighbourhoods" / "data"
HILVERSUM = ["hilversum_GM0402_wijken_2015_cbs.geojson", "hilversum_GM0402_buurten_2015_cbs.geojson"]


@pytest.fixture
def hilversum(db):
    for name in HILVERSUM:
        import_file(name, (DATA / name).read_bytes())
    return Neighbourhood.objects.filter(kind=Neighbourhood.Kind.BUURT).order_by("code")


@pytest.fixture
def english(client):
    client.force_login(UserFactory(role="lezer", language="en"))
    return client


class MapPage(HTMLParser):
    """The parts of the map page the tests look at: map links, legend items and table rows."""

    def __init__(self, html):
        super().__init__()
        self.links, self.legend, self.rows, self.paths = [], [], [], []
        self.svg_attrs = None
        self._stack, self._text = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = [t for t, _a in self._stack]
        if tag == "svg":
            self.svg_attrs = attrs
        if tag == "a" and "svg" in inside:
            self.links.append({**attrs, "title": ""})
        if tag == "path" and "svg" in inside:
            self.paths.append(attrs)
        if tag == "title" and "a" in inside and "svg" in inside:
            self._text = ("title", self.links[-1])
        if tag == "li" and "data-category" in attrs:
            self.legend.append({**attrs, "text": ""})
            self._text = ("text", self.legend[-1])
        if tag == "tr" and "data-code" in attrs:
            self.rows.append({**attrs, "text": ""})
            self._text = ("text", self.rows[-1])
        if tag not in {"br", "input", "meta", "link", "img", "hr"}:
            self._stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag not in [t for t, _a in self._stack]:
            return
        while self._stack:
            open_tag, _attrs = self._stack.pop()
            if open_tag == tag:
                break
        if tag in {"title", "li", "tr"}:
            self._text = None

    def handle_data(self, data):
        if self._text:
            key, target = self._text
            target[key] += data

    def category(self, code):
        return next(r["data-category"] for r in self.rows if r["data-code"] == code)

    def link(self, code):
        return next(a for a in self.links if a["data-code"] == code)

    def row_text(self, code):
        return " ".join(next(r["text"] for r in self.rows if r["data-code"] == code).split())


def get_map(client, mode=None):
    response = client.get(reverse("overview:map"), {"kleur": mode} if mode else {})
    assert response.status_code == 200
    return response, MapPage(response.content.decode())


def role(key):
    return Role.objects.get(key=key)


def square(x, y, size=1.0, hole=False):
    """A closed square polygon (optionally with a hole), in whatever unit x and y are in."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    rings = [ring]
    if hole:
        q = size / 4
        rings.append([[x + q, y + q], [x + q, y + 3 * q], [x + 3 * q, y + 3 * q], [x + 3 * q, y + q], [x + q, y + q]])
    return {"type": "Polygon", "coordinates": rings}


def path_points(d):
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", d)]


# --- Drawing ------------------------------------------------------------------------------------


def test_hilversum_buurten_are_drawn_as_links_and_listed_in_the_table(english, hilversum):
    response, page = get_map(english)
    html = response.content.decode()
    codes = list(hilversum.values_list("code", flat=True))
    assert len(codes) == 42
    assert [a["data-code"] for a in page.links] == codes
    assert [r["data-code"] for r in page.rows] == codes
    centrum = page.link("BU04020101")
    assert centrum["href"] == "/buurten/BU04020101/"
    assert centrum["title"] == "Centrum (BU04020101): No step done yet"
    # Every shape is a path of rounded coordinates inside the viewBox.
    width, height = (float(v) for v in page.svg_attrs["viewbox"].split()[2:])
    assert width <= 1000 and height <= 1000 and max(width, height) >= 990
    for path in page.paths:
        assert re.fullmatch(r"(M[-\d. ]+(L[-\d. ]+)?Z)+", path["d"])
        points = path_points(path["d"])
        assert len(points) >= 3
        assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
        assert all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in re.findall(r"-?[\d.]+", path["d"]))
    # Not a role="img" picture: the links inside stay reachable; the table says the same in words.
    assert 'role="img"' not in html
    assert "<caption>Neighbourhoods by step progress" in html
    assert re.findall(r'<th scope="col">([^<]+)</th>', html) == ["Name", "CBS code", "Step progress", "Link"]
    assert "Centrum" in page.row_text("BU04020101")
    assert 'href="/buurten/BU04020101/">Open<span class="visually-hidden"> Centrum</span></a>' in html
    # The legend names every category in words next to its swatch.
    assert [(li["data-category"], " ".join(li["text"].split())) for li in page.legend] == [
        ("none", "No step done yet (42)"),
        ("step1", "Step 1 done (role) (0)"),
        ("done", "Steps 1 and 2 done (role and goals) (0)"),
        ("goals", "Step 2 done, step 1 still open (0)"),
    ]
    # A visible focus style for the map's links, and a way past them to the table.
    assert ".wk-map a:focus path" in html
    assert 'href="#kaart-tabel"' in html and 'id="kaart-tabel"' in html


def test_the_form_offers_every_colouring_and_keeps_the_choice(english, hilversum):
    response, page = get_map(english, "warmte")
    html = response.content.decode()
    assert '<label for="kaart-kleur"' in html
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', html)
    assert [(value, label) for value, _selected, label in options][:5] == [
        ("stappen", "Step progress"),
        ("rol", "Role (step 1)"),
        ("partnerschap", "Partnership status"),
        ("warmte", "Heat strategy"),
        ("cijfer-aantal_inwoners", "CBS: inhabitants"),
    ]
    assert ("cijfer-gemiddeld_gasverbruik_totaal", "CBS: average gas use per dwelling") in [
        (value, label) for value, _selected, label in options
    ]
    assert [value for value, selected, _label in options if selected] == ["warmte"]
    # An unknown choice falls back to step progress.
    _response, page = get_map(english, "onzin")
    assert page.svg_attrs["data-mode"] == "stappen"


def test_wijken_are_drawn_when_there_are_no_buurten(english):
    for code, x in [("WK040201", 5.10), ("WK040202", 5.12)]:
        WijkFactory(code=code, geometry=square(x, 52.2, 0.01), geometry_crs="OGC:CRS84")
    _response, page = get_map(english)
    assert [a["data-code"] for a in page.links] == ["WK040201", "WK040202"]


# --- Area: one municipality at a time ----------------------------------------------------------


def _other_municipality(code="GM0363", name="Amsterdam", wijken=2, buurten=3, x=4.9):
    """Wijken and buurten of another municipality, with square boundaries west of Hilversum."""
    for w in range(wijken):
        wijk = WijkFactory(
            code=f"WK{code[2:]}{w:02d}",
            name=f"{name} wijk {w}",
            municipality_code=code,
            municipality_name=name,
            geometry=square(x + w * 0.05, 52.3, 0.04),
            geometry_crs="OGC:CRS84",
        )
        for b in range(buurten):
            BuurtFactory(
                parent=wijk,
                code=f"BU{code[2:]}{w:02d}{b:02d}",
                name=f"{name} buurt {w}-{b}",
                municipality_code=code,
                municipality_name=name,
                geometry=square(x + w * 0.05 + b * 0.01, 52.3, 0.009),
                geometry_crs="OGC:CRS84",
            )


def test_with_several_municipalities_the_map_shows_one_the_own_by_default(english, hilversum, medewerker):
    hilversum_codes = list(hilversum.values_list("code", flat=True))
    _other_municipality()
    amsterdam_buurt = Neighbourhood.objects.get(code="BU03630001")
    PartnershipFactory(status=Partnership.Status.ACTIVE).neighbourhoods.set([amsterdam_buurt])

    # Without a municipality profile: the first by code (GM0363), and a field to choose another.
    response, page = get_map(english, "partnerschap")
    assert [a["data-code"] for a in page.links] == [f"BU0363{w:02d}{b:02d}" for w in range(2) for b in range(3)]
    assert [r["data-code"] for r in page.rows] == [a["data-code"] for a in page.links]
    assert page.category("BU03630001") == "active"
    html = response.content.decode()
    assert '<label for="kaart-gemeente"' in html and 'name="gemeente" value="GM0363"' in html
    assert "Amsterdam (GM0363)</small></h1>" in html

    # The installation's own municipality is the default, and the hint names it.
    MunicipalityFactory(name="Gemeente Hilversum", cbs_code="GM0402")
    response, page = get_map(english, "partnerschap")
    assert [a["data-code"] for a in page.links] == hilversum_codes
    assert {page.category(code) for code in hilversum_codes} == {"none"}  # Amsterdam's partnership is not here
    assert "Your municipality is GM0402." in response.content.decode()

    # ?gemeente= picks another (in any case); an unknown code falls back to the own, and says so.
    response = english.get(reverse("overview:map"), {"kleur": "rol", "gemeente": "gm0363"})
    page = MapPage(response.content.decode())
    assert len(page.links) == 6 and all(a["data-code"].startswith("BU0363") for a in page.links)
    assert "data-unknown-municipality" not in response.content.decode()
    response = english.get(reverse("overview:map"), {"gemeente": "GM9999"})
    html = response.content.decode()
    assert [a["data-code"] for a in MapPage(html).links] == hilversum_codes
    assert "There are no neighbourhoods with municipality code GM9999; the map shows GM0402." in html
    # Not a code at all: ignored.
    response = english.get(reverse("overview:map"), {"gemeente": "<script>"})
    assert [a["data-code"] for a in MapPage(response.content.decode()).links] == hilversum_codes


def test_a_change_in_another_municipality_keeps_the_drawing(english, hilversum):
    MunicipalityFactory(cbs_code="GM0402")
    _other_municipality()
    with mock.patch.object(geometry, "project", wraps=geometry.project) as project:
        get_map(english)
        Neighbourhood.objects.filter(code="BU03630001").update(name="Elders")  # no signal, as a bulk update
        amsterdam = Neighbourhood.objects.get(code="BU03630002")
        amsterdam.name = "Ergens anders"
        amsterdam.save()
        get_map(english)
        assert project.call_count == 1
        buurt = hilversum.get(code="BU04020101")
        buurt.name = "Nieuwe naam"
        buurt.save()
        _response, page = get_map(english)
        assert project.call_count == 2 and page.link(buurt.code)["title"].startswith("Nieuwe naam ")


def test_the_role_colouring_counts_only_the_chosen_municipality(english, hilversum, medewerker):
    _other_municipality()
    MunicipalityFactory(cbs_code="GM0402")
    amsterdam_wijk = Neighbourhood.objects.get(code="WK036300")
    services.set_role_decision(
        amsterdam_wijk, actor=medewerker, values={"roles": [role("regisseur")], "dominant_roles": []}
    )
    _response, page = get_map(english, "rol")
    assert [li["data-category"] for li in page.legend] == ["none"]
    response = english.get(reverse("overview:map"), {"kleur": "rol", "gemeente": "GM0363"})
    page = MapPage(response.content.decode())
    inherited = [r["data-code"] for r in page.rows if r["data-category"] != "none"]
    assert inherited == ["BU03630000", "BU03630001", "BU03630002"]
    assert "(from the district)" in page.row_text("BU03630000")


def test_above_the_limit_of_buurten_the_map_draws_the_wijken(english):
    _other_municipality(wijken=2, buurten=3)
    with mock.patch.object(neighbourhood_map, "MAX_BUURTEN_DRAWN", 5):
        _response, page = get_map(english)
    assert [a["data-code"] for a in page.links] == ["WK036300", "WK036301"]
    assert [r["data-code"] for r in page.rows] == ["WK036300", "WK036301"]
    cache.clear()
    with mock.patch.object(neighbourhood_map, "MAX_BUURTEN_DRAWN", 6):
        _response, page = get_map(english)
    assert len(page.links) == 6


# --- Colourings ---------------------------------------------------------------------------------


def test_step_progress_colouring(english, hilversum, medewerker):
    role_only, both, goals_only = (hilversum.get(code=c) for c in ["BU04020101", "BU04020102", "BU04020103"])
    for n in [role_only, both]:
        services.set_role_decision(n, actor=medewerker, values={"roles": [role("facilitator")], "dominant_roles": []})
    for horizon, _label in Goal.Horizon.choices:
        services.create_goal(actor=medewerker, values={"horizon": horizon, "title": "t", "neighbourhoods": [both]})
        services.create_goal(
            actor=medewerker, values={"horizon": horizon, "title": "t", "neighbourhoods": [goals_only]}
        )
    # A wijk's role counts for its buurten (step 1 done by inheritance).
    wijk = Neighbourhood.objects.get(code="WK040209")
    services.set_role_decision(wijk, actor=medewerker, values={"roles": [role("regisseur")], "dominant_roles": []})

    _response, page = get_map(english, "stappen")
    assert page.category("BU04020101") == "step1"
    assert page.category("BU04020102") == "done"
    assert page.category("BU04020103") == "goals"
    assert page.category("BU04020104") == "none"
    for buurt in wijk.buurten.all():
        assert page.category(buurt.code) == "step1"
    assert page.link("BU04020102")["title"].endswith(": Steps 1 and 2 done (role and goals)")
    fills = {p["fill"] for p in page.paths}
    assert {neighbourhood_map.STEP_COLOURS["done"], neighbourhood_map.NONE_FILL} <= fills


def test_role_colouring_uses_the_effective_role_set_dominant_role_first(english, hilversum, medewerker):
    wijk = Neighbourhood.objects.get(code="WK040201")
    services.set_role_decision(wijk, actor=medewerker, values={"roles": [role("regisseur")], "dominant_roles": []})
    own_dominant = hilversum.get(code="BU04020101")
    services.set_role_decision(
        own_dominant,
        actor=medewerker,
        values={
            "roles": [role("participerend"), role("netwerkend"), role("facilitator")],
            "dominant_roles": [role("netwerkend")],
        },
    )
    own_plain = hilversum.get(code="BU04020102")  # in the same wijk: its own decision wins
    services.set_role_decision(
        own_plain, actor=medewerker, values={"roles": [role("verbinder"), role("facilitator")], "dominant_roles": []}
    )
    first = min([role("verbinder"), role("facilitator")], key=lambda r: (r.order, r.label))

    _response, page = get_map(english, "rol")
    assert page.category("BU04020101") == f"role-{role('netwerkend').pk}"
    assert page.category("BU04020102") == f"role-{first.pk}"
    inherited = [b for b in wijk.buurten.all() if b.code not in {"BU04020101", "BU04020102"}]
    assert inherited
    for buurt in inherited:
        assert page.category(buurt.code) == f"role-{role('regisseur').pk}"
    assert "(from the district)" in page.row_text(inherited[0].code)
    assert page.category("BU04020901") == "none"
    assert page.link("BU04020101")["title"].endswith(f": {role('netwerkend').label}")
    # The legend shows the roles in use, each with its own colour, and "no role" hatched.
    legend = {li["data-category"]: li for li in page.legend}
    assert set(legend) == {
        "none",
        f"role-{role('netwerkend').pk}",
        f"role-{first.pk}",
        f"role-{role('regisseur').pk}",
    }
    role_fills = {a["data-category"]: p["fill"] for a, p in zip(page.links, page.paths, strict=True)}
    assert len(set(role_fills.values())) == 4
    assert role_fills["none"] == neighbourhood_map.NONE_FILL


def test_partnership_colouring_shows_the_most_advanced_covering_partnership(english, hilversum):
    centrum, other = hilversum.get(code="BU04020101"), hilversum.get(code="BU04020102")
    PartnershipFactory(status=Partnership.Status.EXPLORING).neighbourhoods.set([centrum, other])
    PartnershipFactory(status=Partnership.Status.ACTIVE, initiative__name="Zon op Centrum").neighbourhoods.set(
        [centrum]
    )
    PartnershipFactory(status=Partnership.Status.STOPPED_TOGETHER).neighbourhoods.set(
        [hilversum.get(code="BU04020201")]
    )
    wijk = Neighbourhood.objects.get(code="WK040209")
    PartnershipFactory(status=Partnership.Status.REVIEW_DUE, initiative__name="Wijkwarmte").neighbourhoods.set([wijk])

    _response, page = get_map(english, "partnerschap")
    assert page.category("BU04020101") == "active"
    assert page.category("BU04020102") == "exploring"
    assert page.category("BU04020201") == "stopped_together"
    assert page.category("BU04020301") == "none"
    for buurt in wijk.buurten.all():  # a partnership for the wijk covers its buurten
        assert page.category(buurt.code) == "review_due"
    assert "Zon op Centrum: active" in page.row_text("BU04020101")
    assert "Wijkwarmte: review due (via the district)" in page.row_text(wijk.buurten.first().code)
    assert page.link("BU04020101")["title"] == "Centrum (BU04020101): active"
    legend = {li["data-category"]: " ".join(li["text"].split()) for li in page.legend}
    assert legend["active"] == "active (1)"
    assert legend["none"].startswith("No partnership (")


def test_heat_strategy_colouring(english, hilversum):
    hilversum.filter(code="BU04020101").update(heat_strategy="S2")
    hilversum.filter(code="BU04020102").update(heat_strategy="open")
    _response, page = get_map(english, "warmte")
    assert page.category("BU04020101") == "S2"
    assert page.category("BU04020102") == "open"
    assert page.category("BU04020103") == "none"
    assert page.link("BU04020101")["title"] == (
        "Centrum (BU04020101): S2 heat network with a medium to high temperature source"
    )
    assert page.link("BU04020103")["title"].endswith(": not recorded")
    assert [li["data-category"] for li in page.legend] == ["S1", "S2", "S3", "S4", "S5", "open", "none"]


def _lab(colour):
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v):
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize(
    "palette",
    [
        [*neighbourhood_map.STEP_COLOURS.values(), "#e6e6e6", "#6b6b6b"],  # with the hatch's two greys
        neighbourhood_map.ROLE_COLOURS,
        list(neighbourhood_map.PARTNERSHIP_COLOURS.values()),
        list(neighbourhood_map.HEAT_COLOURS.values()),
    ],
)
def test_the_colours_of_a_colouring_are_clearly_different(palette):
    # CIE76 colour difference: 2.3 is just noticeable; 25 and more is a different colour at a glance.
    for i, a in enumerate(palette):
        for b in palette[i + 1 :]:
            distance = sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5
            assert distance >= 25, (a, b, distance)


# --- Geometry -----------------------------------------------------------------------------------


def test_rd_new_geometry_is_drawn_north_up(english):
    wijk = WijkFactory(code="WK040201")
    north = BuurtFactory(parent=wijk, code="BU04020101", geometry=square(140000, 472000, 1000, hole=True))
    south = BuurtFactory(parent=wijk, code="BU04020102", geometry=square(140000, 470000, 1000))
    Neighbourhood.objects.filter(pk__in=[north.pk, south.pk]).update(geometry_crs="EPSG:28992")
    _response, page = get_map(english)
    paths = {a["data-code"]: p["d"] for a, p in zip(page.links, page.paths, strict=True)}
    assert paths["BU04020101"].count("M") == 2  # the hole is a subpath of its own
    north_ys = [y for _x, y in path_points(paths["BU04020101"])]
    south_ys = [y for _x, y in path_points(paths["BU04020102"])]
    assert max(north_ys) < min(south_ys)  # y is flipped: north is at the top
    # Metres as they are: the squares are as wide as they are high, 1000 m apart vertically.
    xs = [x for x, _y in path_points(paths["BU04020102"])]
    assert max(xs) - min(xs) == pytest.approx(max(south_ys) - min(south_ys), abs=0.2)


def test_a_set_mixing_rd_new_and_lon_lat_is_drawn_in_one_place(english, hilversum):
    _response, page = get_map(english)
    before = page.paths[0]["d"]
    centrum = hilversum.get(code="BU04020101")
    rd = {
        "type": centrum.geometry["type"],
        "coordinates": [
            [list(wgs84_to_rd(lon, lat)) for lon, lat, *_z in ring] for ring in centrum.geometry["coordinates"]
        ],
    }
    assert centrum.geometry["type"] == "Polygon"
    centrum.geometry, centrum.geometry_crs = rd, "EPSG:28992"
    centrum.save()
    _response, page = get_map(english)
    after = page.paths[0]["d"]
    # The same shape in the same place, give or take the conversion and rounding.
    assert len(path_points(after)) == pytest.approx(len(path_points(before)), abs=2)
    for (x1, y1), (x2, y2) in zip(path_points(before), path_points(after), strict=False):
        assert abs(x1 - x2) < 1.5 and abs(y1 - y2) < 1.5


def test_broken_or_missing_geometry_is_left_off_the_map_but_listed(english):
    wijk = WijkFactory(code="WK040201")
    BuurtFactory(parent=wijk, code="BU04020101", geometry=square(5.1, 52.2, 0.01), geometry_crs="OGC:CRS84")
    BuurtFactory(parent=wijk, code="BU04020102", geometry={"type": "Point", "coordinates": [5.1, 52.2]})
    BuurtFactory(parent=wijk, code="BU04020103", geometry={"type": "Polygon", "coordinates": "kapot"})
    BuurtFactory(parent=wijk, code="BU04020104")
    response, page = get_map(english)
    assert [a["data-code"] for a in page.links] == ["BU04020101"]
    assert [r["data-code"] for r in page.rows] == ["BU04020101", "BU04020102", "BU04020103", "BU04020104"]
    assert "no boundary, not on the map" in page.row_text("BU04020104")
    assert "1 of 4 neighbourhoods on the map" in response.content.decode()


# --- Empty state --------------------------------------------------------------------------------


def test_without_boundaries_the_page_says_so_and_still_lists_the_neighbourhoods(english):
    BuurtFactory.create_batch(3)
    response, page = get_map(english)
    html = response.content.decode()
    assert page.svg_attrs is None
    assert "data-empty-map" in html
    assert "none of the neighbourhoods has a boundary" in html
    assert len(page.rows) == 3


def test_without_any_neighbourhood_the_table_says_so(english):
    response, page = get_map(english)
    assert page.svg_attrs is None and page.rows == []
    assert "No neighbourhoods yet." in response.content.decode()


# --- Cache --------------------------------------------------------------------------------------


def test_path_data_is_computed_once_and_recomputed_after_a_change(english, hilversum, medewerker):
    with mock.patch.object(geometry, "project", wraps=geometry.project) as project:
        get_map(english)
        get_map(english)
        for mode in ["rol", "partnerschap", "warmte"]:
            get_map(english, mode)
        assert project.call_count == 1

        # Colours come from the data of each request: a new role shows without recomputing.
        centrum = hilversum.get(code="BU04020101")
        services.set_role_decision(
            centrum, actor=medewerker, values={"roles": [role("facilitator")], "dominant_roles": []}
        )
        _response, page = get_map(english, "stappen")
        assert page.category("BU04020101") == "step1"
        assert project.call_count == 1

        # Any saved change to a neighbourhood (an edit, an import) gives a new key.
        centrum.name = "Centrum-Noord"
        centrum.save()
        _response, page = get_map(english)
        assert project.call_count == 2
        assert page.link("BU04020101")["title"].startswith("Centrum-Noord ")
        get_map(english)
        assert project.call_count == 2

        # A new neighbourhood too.
        extra = BuurtFactory(parent=centrum.parent, code="BU04020199", geometry=square(5.17, 52.22, 0.002))
        _response, page = get_map(english)
        assert project.call_count == 3
        assert "BU04020199" in [a["data-code"] for a in page.links]
        # Deleting it brings back the previous set, whose entry is still valid: no recomputation.
        extra.delete()
        _response, page = get_map(english)
        assert "BU04020199" not in [a["data-code"] for a in page.links]
        assert project.call_count == 3
        Neighbourhood.objects.filter(code="BU04020102").delete()
        _response, page = get_map(english)
        assert "BU04020102" not in [a["data-code"] for a in page.links]
        assert project.call_count == 4


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user_role", ROLES)
def test_access(client_for, user_role):
    response = client_for(user_role).get(reverse("overview:map"))
    expected = {"anonymous": 302, "coordinator": 404}.get(user_role, 200)
    assert response.status_code == expected
    if user_role == "anonymous":
        assert "/accounts/inloggen/" in response["Location"]


# --- Query count --------------------------------------------------------------------------------


def _decorate(buurten, actor):
    """Data in proportion to the number of buurten, so that a query per row would show."""
    wijken = set()
    for index, buurt in enumerate(buurten):
        if index % 6 == 0:
            services.set_role_decision(
                buurt, actor=actor, values={"roles": [role("netwerkend")], "dominant_roles": [role("netwerkend")]}
            )
        elif index % 6 == 1:
            services.create_goal(actor=actor, values={"horizon": "kort", "title": "t", "neighbourhoods": [buurt]})
        elif index % 6 == 2:
            PartnershipFactory(status=Partnership.Status.ACTIVE).neighbourhoods.set([buurt])
        elif index % 6 == 3:
            Neighbourhood.objects.filter(pk=buurt.pk).update(heat_strategy="S1")
        elif index % 6 == 4 and buurt.parent_id not in wijken:
            wijken.add(buurt.parent_id)
            services.set_role_decision(
                buurt.parent, actor=actor, values={"roles": [role("regisseur")], "dominant_roles": []}
            )
            PartnershipFactory(status=Partnership.Status.EXPLORING).neighbourhoods.set([buurt.parent])


def _queries_per_mode(client):
    counts = {}
    for mode, _label in neighbourhood_map.MODES:
        get_map(client, mode)  # warm-up: fills the cache after any change
        with CaptureQueriesContext(connection) as context:
            _response, page = get_map(client, mode)
        assert not any("geometry_crs" in q["sql"] for q in context.captured_queries), "geometry read on a cache hit"
        counts[mode] = (len(context.captured_queries), [a["data-code"] for a in page.links])
    return counts


def test_query_count_does_not_grow_with_the_number_of_buurten(english, hilversum, medewerker):
    _decorate(list(hilversum), medewerker)
    small = _queries_per_mode(english)
    # In every colouring, each buurt is on the map as a link.
    codes = list(hilversum.values_list("code", flat=True))
    assert all(links == codes for _queries, links in small.values())

    # 200 more buurten in 20 wijken, as a grid of squares north of Hilversum.
    for w in range(20):
        wijk = WijkFactory(code=f"WK0518{w:02d}", name=f"Wijk {w}")
        Neighbourhood.objects.bulk_create(
            Neighbourhood(
                kind=Neighbourhood.Kind.BUURT,
                parent=wijk,
                code=f"BU0518{w:02d}{b:02d}",
                name=f"Buurt {w}-{b}",
                municipality_code="GM0402",
                geometry=square(5.1 + b * 0.01, 52.3 + w * 0.01, 0.009, hole=b % 3 == 0),
                geometry_crs="OGC:CRS84",
            )
            for b in range(10)
        )
    _decorate(list(Neighbourhood.objects.filter(code__startswith="BU0518").order_by("code")), medewerker)
    large = _queries_per_mode(english)
    codes = list(hilversum.values_list("code", flat=True))
    assert len(codes) == 242
    assert all(links == codes for _queries, links in large.values())
    assert {mode: queries for mode, (queries, _links) in large.items()} == {
        mode: queries for mode, (queries, _links) in small.items()
    }
