"""The GeoPackage import (neighbourhoods.gpkg, importing.import_geopackage) and CBS figures per year.

Fixtures: neighbourhoods/tests/data/baarn_GM0308_2024.gpkg (real CBS 2024 properties, official
layout) and baarn_GM0308_2023_synthetic.gpkg (made-up 2023 figures), built by make_gpkg.py there.
Error messages are asserted in Dutch."""

import io
import json
import sqlite3
import struct
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import ChangeEntry
from neighbourhoods import cbs_facts, gpkg
from neighbourhoods.importing import ImportFailed, import_file
from neighbourhoods.models import Neighbourhood, NeighbourhoodFact

DATA = Path(__file__).resolve().parent / "data"
GPKG_2024 = DATA / "baarn_GM0308_2024.gpkg"
GPKG_2023 = DATA / "baarn_GM0308_2023_synthetic.gpkg"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[140000.0, 470000.0], [140250.0, 470000.0], [140250.0, 470250.0], [140000.0, 470000.0]]],
}


def run(path, *options) -> str:
    out = io.StringIO()
    call_command("import_neighbourhoods", str(path), *options, stdout=out)
    return out.getvalue().strip()


# --- the binary geometry ----------------------------------------------------------------------


@pytest.mark.parametrize("big_endian", [False, True])
@pytest.mark.parametrize("envelope", [False, True])
def test_geometry_round_trip_both_byte_orders_with_and_without_envelope(big_endian, envelope):
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], SQUARE["coordinates"]]}
    for geometry in (SQUARE, multi):
        blob = gpkg.encode_geometry(geometry, big_endian=big_endian, envelope=envelope)
        assert blob[:2] == b"GP"
        assert gpkg.decode_geometry(blob) == {
            "type": geometry["type"],
            "coordinates": json.loads(json.dumps(geometry["coordinates"])),
        }


def test_geometry_xyz_envelope_and_iso_z_wkb():
    # Envelope indicator 2 (xyz, 6 doubles), little-endian header; WKB big-endian Polygon Z (1003).
    header = b"GP\x00" + bytes([1 | (2 << 1)]) + struct.pack("<i", 28992) + struct.pack("<6d", *range(6))
    points = [(0.0, 0.0, 5.0), (1.0, 0.0, 5.0), (1.0, 1.0, 5.0), (0.0, 0.0, 5.0)]
    wkb = (
        b"\x00"
        + struct.pack(">II", 1003, 1)
        + struct.pack(">I", 4)
        + struct.pack(">12d", *(c for p in points for c in p))
    )
    assert gpkg.decode_geometry(header + wkb) == {
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]],
    }


def test_geometry_empty_and_broken():
    assert gpkg.decode_geometry(None) is None
    assert gpkg.decode_geometry(b"GP\x00" + bytes([1 | 0x10]) + struct.pack("<i", 28992)) is None
    blob = gpkg.encode_geometry(SQUARE)
    for broken in (b"XX" + blob[2:], blob[:-5], blob + b"\x00"):
        with pytest.raises(ValueError):
            gpkg.decode_geometry(broken)
    point = b"GP\x00\x01" + struct.pack("<i", 28992) + b"\x01" + struct.pack("<I", 1) + struct.pack("<2d", 1, 2)
    with pytest.raises(ValueError, match="not a \\(multi\\)polygon"):
        gpkg.decode_geometry(point)


# --- the special values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (-99997, (None, cbs_facts.SECRET)),
        ("-99995", (None, cbs_facts.LATER)),
        (-99991.0, (None, cbs_facts.DISCONTINUED)),
        ("-99999999", (None, cbs_facts.OLD_SECRET)),
        ("12,5", (12.5, None)),
        ("1.234,5", (1234.5, None)),
        (0, (0.0, None)),
        ("", (None, None)),
        ("abc", (None, None)),
    ],
)
def test_special_values_are_never_numbers(raw, expected):
    assert cbs_facts.parse_value(raw) == expected


# --- the import -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_geopackage_import_then_second_run_changes_nothing():
    assert run(GPKG_2024) == "created=26 updated=0 unchanged=0 skipped=0"  # 5 wijken, 21 buurten
    buurt = Neighbourhood.objects.defer(None).get(code="BU03080000")
    assert buurt.name == "Centrum" and buurt.parent.code == "WK030800"
    assert buurt.municipality_name == "Baarn" and buurt.inhabitants == 1825
    assert buurt.geometry_crs == "EPSG:28992" and buurt.geometry["type"] == "MultiPolygon"
    x, y = buurt.geometry["coordinates"][0][0][0]
    assert 140000 < x < 160000 and 460000 < y < 480000  # RD New metres, kept as they are
    entries = ChangeEntry.objects.count()
    assert run(GPKG_2024) == "created=0 updated=0 unchanged=26 skipped=0"
    assert ChangeEntry.objects.count() == entries


@pytest.mark.django_db
def test_geopackage_dry_run_saves_nothing_and_gemeente_filter():
    assert run(GPKG_2024, "--dry-run") == "created=26 updated=0 unchanged=0 skipped=0"
    assert not Neighbourhood.objects.exists() and not NeighbourhoodFact.objects.exists()
    with pytest.raises(CommandError, match="geen wijken of buurten van GM0344"):
        run(GPKG_2024, "--gemeente", "GM0344")
    assert (
        run(GPKG_2024, "--gemeente", "GM0308", "--gemeente", "GM0344") == "created=26 updated=0 unchanged=0 skipped=0"
    )


@pytest.mark.django_db
def test_two_years_are_both_kept_and_specials_stay_special():
    run(GPKG_2024)
    assert run(GPKG_2023) == "created=0 updated=26 unchanged=0 skipped=0"
    assert run(GPKG_2023) == "created=0 updated=0 unchanged=26 skipped=0"
    buurt = Neighbourhood.objects.get(code="BU03080000")
    facts = {(f.year, f.key): f for f in buurt.facts.all()}
    assert facts[(2024, "aantal_inwoners")].value == 1825
    assert facts[(2024, "gemiddeld_gasverbruik_totaal")].value is None
    assert facts[(2024, "gemiddeld_gasverbruik_totaal")].special == cbs_facts.LATER
    assert facts[(2023, "gemiddeld_gasverbruik_totaal")].value == 983
    assert facts[(2023, "gemiddeld_gasverbruik_totaal")].source == "CBS, baarn_GM0308_2023_synthetic.gpkg"
    secret = NeighbourhoodFact.objects.get(
        neighbourhood__code="BU03080002", year=2023, key="percentage_woningen_met_stadsverwarming"
    )
    assert secret.value is None and secret.special == cbs_facts.SECRET
    # The wijk gets figures derived from its buurten, marked as such.
    wijk_fact = NeighbourhoodFact.objects.get(neighbourhood__code="WK030800", year=2023, key="woningvoorraad")
    assert wijk_fact.derived and wijk_fact.value == sum(
        NeighbourhoodFact.objects.filter(
            neighbourhood__parent__code="WK030800", year=2023, key="woningvoorraad"
        ).values_list("value", flat=True)
    )


@pytest.mark.django_db
def test_a_later_version_of_the_same_year_fills_in_what_was_missing():
    def geojson(**props):
        feature = {
            "type": "Feature",
            "geometry": None,
            "properties": {"buurtcode": "BU03080000", "buurtnaam": "Centrum", "jaar": 2024, **props},
        }
        return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()

    import_file("v1.geojson", geojson(woningvoorraad=-99995, percentage_koopwoningen=55))
    import_file("v2.geojson", geojson(woningvoorraad=1100, percentage_koopwoningen=-99995))
    facts = {f.key: f for f in NeighbourhoodFact.objects.filter(neighbourhood__code="BU03080000", year=2024)}
    assert facts["woningvoorraad"].value == 1100 and facts["woningvoorraad"].special is None
    assert facts["percentage_koopwoningen"].value == 55  # a special value never replaces a number


@pytest.mark.django_db
def test_csv_facts_with_year_and_special_values():
    csv = "code;naam;jaar;gemiddeld_gasverbruik_totaal;percentage_koopwoningen\nBU04020001;Centrum;2022;1.234;-99997\n"
    import_file("feiten.csv", csv.encode())
    facts = {f.key: f for f in NeighbourhoodFact.objects.filter(neighbourhood__code="BU04020001", year=2022)}
    assert facts["gemiddeld_gasverbruik_totaal"].value == 1234
    assert facts["percentage_koopwoningen"].special == cbs_facts.SECRET


def _copy(tmp_path, sql: str, source=GPKG_2024) -> Path:
    path = tmp_path / "kapot.gpkg"
    path.write_bytes(source.read_bytes())
    connection = sqlite3.connect(path)
    connection.executescript(sql)
    connection.commit()
    connection.close()
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "UPDATE gpkg_contents SET table_name = 'wegen' WHERE table_name = 'wijken';"
            "UPDATE gpkg_contents SET table_name = 'spoor' WHERE table_name = 'buurten';",
            "geen laag 'wijken' of 'buurten'",
        ),
        ("DELETE FROM gpkg_spatial_ref_sys WHERE srs_id = 28992;", "dat het bestand niet beschrijft"),
        (
            "UPDATE gpkg_spatial_ref_sys SET organization_coordsys_id = 3857 WHERE srs_id = 28992;",
            "coördinatenstelsel EPSG:3857",
        ),
        ("UPDATE buurten SET buurtcode = '' WHERE fid = 7;", "geen geldige CBS-wijkcode"),
        ("DROP TABLE gpkg_contents;", "geen GeoPackage"),
        ("UPDATE buurten SET geom = X'4750000101' WHERE fid = 3;", "grens is niet te lezen"),
    ],
)
def test_a_broken_or_foreign_geopackage_is_refused_whole(tmp_path, sql, message):
    path = _copy(tmp_path, sql)
    with pytest.raises(CommandError, match=message) as error:
        run(path)
    assert "Er is niets geïmporteerd" in str(error.value)
    assert not Neighbourhood.objects.exists() and not NeighbourhoodFact.objects.exists()


@pytest.mark.django_db
def test_not_sqlite_with_gpkg_name(tmp_path):
    path = tmp_path / "leeg.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(CommandError, match="geen leesbaar GeoPackage"):
        run(path)


@pytest.mark.django_db
def test_upload_page_takes_a_geopackage_and_states_its_limit(client, beheerder):
    client.force_login(beheerder)
    page = client.get(reverse("neighbourhoods:import")).content.decode()
    assert "import_neighbourhoods" in page and "20 MB" in page
    with GPKG_2024.open("rb") as upload:
        response = client.post(reverse("neighbourhoods:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["summary"].created == 26 and not Neighbourhood.objects.exists()
    client.post(reverse("neighbourhoods:import_confirm"))
    assert Neighbourhood.objects.count() == 26
    with pytest.raises(ImportFailed):
        import_file("x.gpkg", b"SQLite format 3\x00" + b"\x00" * 100)


@pytest.mark.django_db
def test_upload_page_refuses_a_foreign_geopackage_in_dutch(client, beheerder, tmp_path):
    path = _copy(tmp_path, "DELETE FROM gpkg_spatial_ref_sys WHERE srs_id = 28992;")
    client.force_login(beheerder)
    with path.open("rb") as upload:
        response = client.post(reverse("neighbourhoods:import"), {"file": upload})
    assert "dat het bestand niet beschrijft" in response.content.decode()
    assert not Neighbourhood.objects.exists()
