"""Build the GeoPackage test fixtures from the real Baarn 2024 file beside this script.

    /work/main/.venv/bin/python neighbourhoods/tests/data/make_gpkg.py

- baarn_GM0308_2024.gpkg: the official CBS/PDOK layout (layers gemeenten, wijken, buurten, RD New
  EPSG:28992, lowercase properties). The buurten are the 21 real buurten with all their 2024
  properties (CC BY 4.0, CBS; see SOURCES.md), converted from WGS84 to RD New; CBS published no
  wijk polygons in this file, so each wijk's boundary is the MultiPolygon of its buurten and its
  figures are left out (the import derives them); the gemeente row carries the name.
- baarn_GM0308_2023_synthetic.gpkg: the same geometry with `jaar` 2023 and MADE-UP figures (a
  fixed formula, no CBS data) for the energy and housing facts that 2024 lacks, to test two years.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from neighbourhoods.geometry import rd_to_wgs84  # noqa: E402
from neighbourhoods.gpkg import write_geopackage  # noqa: E402


def wgs84_to_rd(lon, lat):
    """The inverse of rd_to_wgs84 by Newton steps (sub-millimetre after a few)."""
    x, y = 155000.0, 463000.0
    for _ in range(8):
        lon0, lat0 = rd_to_wgs84(x, y)
        lon1, _lat = rd_to_wgs84(x + 1, y)
        _lon, lat1 = rd_to_wgs84(x, y + 1)
        x += (lon - lon0) / (lon1 - lon0)
        y += (lat - lat0) / (lat1 - lat0)
    return [round(x, 3), round(y, 3)]


def to_rd(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return {
        "type": "MultiPolygon",
        "coordinates": [[[wgs84_to_rd(*p) for p in ring] for ring in poly] for poly in polygons],
    }


def synthetic(props, index):
    """Plausible made-up 2023 figures (deterministic)."""
    n = index + 1
    values = {
        "jaar": 2023,
        "jrstatcode": "2023" + props["buurtcode"],
        "woningvoorraad": 200 + 37 * n,
        "aantal_huishoudens": 190 + 35 * n,
        "percentage_koopwoningen": 40 + (n * 7) % 45,
        "perc_huurwoningen_in_bezit_woningcorporaties": 5 + (n * 11) % 40,
        "percentage_bouwjaarklasse_tot_2000": 55 + (n * 5) % 40,
        "gemiddeld_gasverbruik_totaal": 900 + (n * 83) % 900,
        "gemiddeld_elektriciteitsverbruik_totaal": 2300 + (n * 97) % 1500,
        "percentage_woningen_met_stadsverwarming": (n * 3) % 12,
        "percentage_huishoudens_onder_of_rond_sociaal_minimum": 3 + (n * 2) % 9,
        "percentage_eengezinswoning": 50 + (n * 13) % 45,
    }
    if n == 3:
        values["percentage_woningen_met_stadsverwarming"] = -99997  # secret, as CBS writes it
    return {**props, **values}


def build():
    document = json.loads((HERE / "baarn_GM0308_buurten_2024_pdok.geojson").read_text(encoding="utf-8"))
    buurten = [(f["properties"], to_rd(f["geometry"])) for f in document["features"]]
    wijken = {}
    for props, geometry in buurten:
        wijk = wijken.setdefault(
            props["wijkcode"],
            [
                {
                    "wijkcode": props["wijkcode"],
                    "wijknaam": props.get("wijknaam") or props["wijkcode"],
                    "gemeentecode": props["gemeentecode"],
                    "gemeentenaam": props["gemeentenaam"],
                    "water": "NEE",
                    "jaar": props["jaar"],
                },
                {"type": "MultiPolygon", "coordinates": []},
            ],
        )
        wijk[1]["coordinates"].extend(geometry["coordinates"])
    gemeente_geometry = {
        "type": "MultiPolygon",
        "coordinates": [p for _w, g in wijken.values() for p in g["coordinates"]],
    }
    gemeente = {"gemeentecode": "GM0308", "gemeentenaam": "Baarn", "water": "NEE", "jaar": 2024}
    write_geopackage(
        HERE / "baarn_GM0308_2024.gpkg",
        {"gemeenten": [(gemeente, gemeente_geometry)], "wijken": list(wijken.values()), "buurten": buurten},
    )
    write_geopackage(
        HERE / "baarn_GM0308_2023_synthetic.gpkg",
        {
            "gemeenten": [({**gemeente, "jaar": 2023}, gemeente_geometry)],
            "wijken": [({**p, "jaar": 2023}, g) for p, g in wijken.values()],
            "buurten": [(synthetic(p, i), g) for i, (p, g) in enumerate(buurten)],
        },
    )


if __name__ == "__main__":
    build()
