"""The CBS wijk/buurt importer (neighbourhoods.importing) and its `import_neighbourhoods` command.

Real CBS files come from neighbourhoods/tests/data/ (see SOURCES.md there) and the Hilversum demo
data in neighbourhoods/data/. Small synthetic files are written inline. The project speaks Dutch,
so error messages are asserted in Dutch.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core import history
from core.models import ChangeEntry
from neighbourhoods.importing import ImportFailed, import_file
from neighbourhoods.models import Neighbourhood
from neighbourhoods.tests.factories import WijkFactory

pytestmark = pytest.mark.django_db

TEST_DATA = Path(__file__).resolve().parent / "data"
DEMO_DATA = Path(__file__).resolve().parent.parent / "data"
HILVERSUM_BUURTEN = DEMO_DATA / "hilversum_GM0402_buurten_2015_cbs.geojson"  # 42 buurten, BU_CODE style
HILVERSUM_WIJKEN = DEMO_DATA / "hilversum_GM0402_wijken_2015_cbs.geojson"  # 9 wijken
BAARN = TEST_DATA / "baarn_GM0308_buurten_2024_pdok.geojson"  # 21 buurten in 5 wijken, PDOK style
LV_BUURTEN = TEST_DATA / "leidschendam-voorburg_GM1916_buurten_2015_cbs.geojson"  # 29 buurten
LV_WIJKEN = TEST_DATA / "leidschendam-voorburg_GM1916_wijken_2015_cbs.geojson"  # 12 wijken

# A square of about 250 m in RD New (EPSG:28992), metres, near Utrecht.
RD_SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[140000.0, 470000.0], [140250.5, 470000.0], [140250.5, 470250.5], [140000.0, 470250.5], [140000.0, 470000.0]]
    ],
}
WGS84_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.17, 52.22], [5.18, 52.22], [5.18, 52.23], [5.17, 52.23], [5.17, 52.22]]],
}


def run_command(path, *options) -> str:
    out = io.StringIO()
    call_command("import_neighbourhoods", str(path), *options, stdout=out)
    return out.getvalue()


def write(tmp_path, name, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def feature(geometry=None, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def geojson(features, crs=None) -> bytes:
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode("utf-8")


def load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot() -> list:
    """Every stored row with the fields an import may touch, to show a failed import changed nothing."""
    return list(
        Neighbourhood.objects.order_by("code").values_list(
            "code", "kind", "name", "parent__code", "inhabitants", "geometry_crs", "version", "updated_at"
        )
    )


def get(code) -> Neighbourhood:
    return Neighbourhood.objects.get(code=code)


# --- The management command -------------------------------------------------------------------


def test_command_prints_exactly_one_summary_line():
    out = run_command(HILVERSUM_BUURTEN)

    assert out.splitlines() == ["created=51 updated=0 unchanged=0 skipped=0"]
    assert Neighbourhood.objects.filter(kind="buurt").count() == 42
    assert Neighbourhood.objects.filter(kind="wijk").count() == 9


def test_dry_run_prints_the_same_summary_and_saves_nothing():
    out = run_command(HILVERSUM_BUURTEN, "--dry-run")

    assert out.splitlines() == ["created=51 updated=0 unchanged=0 skipped=0"]
    assert not Neighbourhood.objects.exists()
    assert not ChangeEntry.objects.exists()
    assert run_command(HILVERSUM_BUURTEN) == out  # the real run reports what the dry run predicted


def test_dry_run_of_an_update_reports_it_but_changes_nothing():
    run_command(HILVERSUM_BUURTEN)
    before, entries = snapshot(), ChangeEntry.objects.count()

    out = run_command(HILVERSUM_WIJKEN, "--dry-run")

    assert out.splitlines() == ["created=0 updated=9 unchanged=0 skipped=0"]
    assert snapshot() == before
    assert get("WK040201").name == "WK040201"
    assert ChangeEntry.objects.count() == entries


def test_importing_the_same_files_again_changes_no_row():
    run_command(HILVERSUM_BUURTEN)
    run_command(HILVERSUM_WIJKEN)
    before, entries = snapshot(), ChangeEntry.objects.count()
    geometries = dict(Neighbourhood.objects.values_list("code", "geometry"))

    # The 9 wijken the buurten file implies are not rows of that file, so they are not counted.
    assert run_command(HILVERSUM_BUURTEN).splitlines() == ["created=0 updated=0 unchanged=42 skipped=0"]
    assert run_command(HILVERSUM_WIJKEN).splitlines() == ["created=0 updated=0 unchanged=9 skipped=0"]
    assert snapshot() == before  # versions and updated_at included
    assert dict(Neighbourhood.objects.values_list("code", "geometry")) == geometries
    assert ChangeEntry.objects.count() == entries


def test_nonexistent_path_is_a_command_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        run_command(tmp_path / "ontbreekt.geojson")

    assert "niet lezen" in str(caught.value)
    assert "ontbreekt.geojson" in str(caught.value)
    assert not Neighbourhood.objects.exists()


# --- Older CBS style (BU_CODE, BU_NAAM, WK_CODE, GM_CODE, AANT_INW) -----------------------------


def test_cbs_buurten_file_creates_buurten_and_their_wijken_named_by_code():
    run_command(HILVERSUM_BUURTEN)

    centrum = get("BU04020101")
    assert (centrum.kind, centrum.name, centrum.inhabitants) == ("buurt", "Centrum", 3105)
    assert (centrum.municipality_code, centrum.municipality_name) == ("GM0402", "Hilversum")
    assert centrum.parent == get("WK040201")
    assert centrum.geometry == load(HILVERSUM_BUURTEN)["features"][0]["geometry"]
    assert centrum.geometry_crs == "OGC:CRS84"
    assert get("BU04020504").name == "West-Indiëkwartier"
    # The buurten file has no wijk names: each wijk is named by its code until a wijk file arrives.
    wijk = get("WK040201")
    assert (wijk.kind, wijk.name, wijk.parent, wijk.municipality_code) == ("wijk", "WK040201", None, "GM0402")
    assert wijk.buurten.count() == 4
    assert set(Neighbourhood.objects.filter(kind="wijk").values_list("name", flat=True)) == {
        f"WK0402{n:02d}" for n in range(1, 10)
    }
    assert ChangeEntry.objects.filter(action=ChangeEntry.Action.CREATE).count() == 51


def test_wijken_file_corrects_the_names_and_history_records_old_and_new():
    run_command(HILVERSUM_BUURTEN)

    out = run_command(HILVERSUM_WIJKEN)

    assert out.splitlines() == ["created=0 updated=9 unchanged=0 skipped=0"]
    wijk = get("WK040201")
    assert (wijk.name, wijk.inhabitants, wijk.version, wijk.geometry_crs) == ("Wijk 01 Centrum", 9180, 2, "OGC:CRS84")
    assert get("WK040209").name == "Wijk 09 Landelijk gebied"
    assert set(Neighbourhood.objects.filter(kind="buurt").values_list("version", flat=True)) == {1}
    entry = ChangeEntry.objects.for_object(wijk).get(action=ChangeEntry.Action.UPDATE)
    assert entry.version == 2
    assert entry.actor is None and entry.actor_repr == ""  # read as "system"
    changes = {change["field"]: change for change in entry.changes}
    assert changes["imported"] == history.event("imported", new="hilversum_GM0402_wijken_2015_cbs.geojson")
    assert changes["name"] == {
        "field": "name",
        "model": "neighbourhoods.neighbourhood",
        "old": "WK040201",
        "new": "Wijk 01 Centrum",
    }
    assert changes["inhabitants"] == {
        "field": "inhabitants",
        "model": "neighbourhoods.neighbourhood",
        "type": "number",
        "old": "",
        "new": 9180,
    }
    assert ChangeEntry.objects.filter(action=ChangeEntry.Action.UPDATE).count() == 9


def test_wijken_first_then_buurten_join_the_named_wijken():
    assert run_command(LV_WIJKEN).splitlines() == ["created=12 updated=0 unchanged=0 skipped=0"]

    assert run_command(LV_BUURTEN).splitlines() == ["created=29 updated=0 unchanged=0 skipped=0"]

    lien = get("BU19160300")
    assert (lien.name, lien.inhabitants, lien.municipality_name) == ("'t Lien", 4400, "Leidschendam-Voorburg")
    assert lien.parent.name == "Wijk 03 't Lien en omgeving"
    assert lien.geometry_crs == "OGC:CRS84"  # the file's crs member is urn:ogc:def:crs:OGC:1.3:CRS84
    assert set(Neighbourhood.objects.filter(kind="wijk").values_list("version", flat=True)) == {1}
    assert Neighbourhood.objects.count() == 41


# --- PDOK style (buurtcode, buurtnaam, wijkcode, gemeentecode, aantal_inwoners) ----------------


def test_pdok_file_gives_codes_names_parents_and_inhabitants():
    out = run_command(BAARN)

    assert out.splitlines() == ["created=26 updated=0 unchanged=0 skipped=0"]
    buurten = Neighbourhood.objects.filter(kind="buurt")
    assert buurten.count() == 21
    assert {w.code: w.buurten.count() for w in Neighbourhood.objects.filter(kind="wijk")} == {
        "WK030800": 8,
        "WK030801": 7,
        "WK030802": 2,
        "WK030804": 2,
        "WK030805": 2,
    }
    centrum = get("BU03080000")
    assert (centrum.name, centrum.parent.code, centrum.inhabitants) == ("Centrum", "WK030800", 1825)
    assert (centrum.municipality_code, centrum.municipality_name) == ("GM0308", "Baarn")
    assert get("BU03080501").name == "Verspreide huizen Lage Vuursche"
    assert get("BU03080501").inhabitants == 70
    # woningvoorraad is -99995 ("not yet available") for every buurt in this release.
    assert set(buurten.values_list("dwellings", flat=True)) == {None}
    # No crs member and lon/lat coordinates: WGS84 (RFC 7946).
    assert set(buurten.values_list("geometry_crs", flat=True)) == {"OGC:CRS84"}
    assert centrum.geometry == load(BAARN)["features"][0]["geometry"]
    assert get("WK030800").name == "WK030800"  # the file names no wijken


def test_cbs_negative_sentinels_become_none_and_other_counts_are_kept():
    data = geojson(
        [
            feature(RD_SQUARE, BU_CODE="BU04020101", BU_NAAM="Centrum", AANT_INW=-99999999, woningvoorraad="-99995"),
            feature(RD_SQUARE, BU_CODE="BU04020102", BU_NAAM="Havenstraatbuurt", AANT_INW="2855", woningen=1400),
            feature(RD_SQUARE, BU_CODE="BU04020103", BU_NAAM="Sint Vitusbuurt", AANT_INW=0),
        ]
    )

    import_file("buurten.geojson", data)

    assert (get("BU04020101").inhabitants, get("BU04020101").dwellings) == (None, None)
    assert (get("BU04020102").inhabitants, get("BU04020102").dwellings) == (2855, 1400)
    assert get("BU04020103").inhabitants == 0


# --- Coordinate reference systems --------------------------------------------------------------


@pytest.mark.parametrize(
    "crs, geometry, expected",
    [
        ("urn:ogc:def:crs:EPSG::28992", RD_SQUARE, "EPSG:28992"),
        ("EPSG:28992", RD_SQUARE, "EPSG:28992"),
        (None, RD_SQUARE, "EPSG:28992"),  # no crs member: the coordinates are metres, not degrees
        ("urn:ogc:def:crs:OGC:1.3:CRS84", WGS84_SQUARE, "OGC:CRS84"),
        (None, WGS84_SQUARE, "OGC:CRS84"),
    ],
    ids=["rd-urn", "rd-epsg", "rd-without-crs", "crs84", "lonlat-without-crs"],
)
def test_geometry_is_kept_with_its_crs(tmp_path, crs, geometry, expected):
    path = write(
        tmp_path, "buurten.geojson", geojson([feature(geometry, BU_CODE="BU03440101", BU_NAAM="Binnenstad")], crs)
    )

    run_command(path)

    buurt = get("BU03440101")
    assert buurt.geometry == geometry
    assert buurt.geometry_crs == expected


def test_feature_without_geometry_gets_no_crs():
    import_file("buurten.geojson", geojson([feature(None, BU_CODE="BU03440101", BU_NAAM="Binnenstad")], "EPSG:28992"))

    assert (get("BU03440101").geometry, get("BU03440101").geometry_crs) == (None, "")


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_with_semicolons_and_bom_as_dutch_excel_writes_it(tmp_path):
    content = (
        "\ufeffBU_CODE;BU_NAAM;WK_CODE;WK_NAAM;AANT_INW\r\n"
        "BU04020504;West-Indiëkwartier;WK040205;Wijk 05 Zuidoost;250\r\n"
        "BU04020505;Van Riebeeckkwartier;WK040205;Wijk 05 Zuidoost;3295\r\n"
    )
    path = write(tmp_path, "buurten.csv", content)

    assert run_command(path).splitlines() == ["created=3 updated=0 unchanged=0 skipped=0"]

    buurt = get("BU04020504")
    assert (buurt.name, buurt.inhabitants, buurt.municipality_code) == ("West-Indiëkwartier", 250, "GM0402")
    assert (buurt.geometry, buurt.geometry_crs) == (None, "")
    # The wijk was unknown: it is created and named from the file's WK_NAAM column.
    assert buurt.parent.name == "Wijk 05 Zuidoost"
    assert buurt.parent.kind == "wijk"
    assert get("BU04020505").parent == buurt.parent


def test_csv_with_commas_in_utf8(tmp_path):
    content = "code,naam,inwoners\nWK040201,Wijk 01 Centrum,9180\nBU04020101,Centrum,3105\n"
    path = write(tmp_path, "wijkindeling.csv", content)

    assert run_command(path).splitlines() == ["created=2 updated=0 unchanged=0 skipped=0"]

    assert get("BU04020101").parent == get("WK040201")
    assert (get("WK040201").name, get("WK040201").inhabitants) == ("Wijk 01 Centrum", 9180)
    assert get("BU04020101").inhabitants == 3105


def test_csv_in_windows_1252_as_older_excel_saves_it():
    content = "code;naam\nBU04020504;West-Indiëkwartier\n".encode("cp1252")

    import_file("buurten.csv", content)

    assert get("BU04020504").name == "West-Indiëkwartier"


def test_national_style_csv_skips_the_gemeente_row(tmp_path):
    # Rows in the form of the nationwide CBS 2015 table (first columns; values as published).
    content = (
        "niveau,code,naam,WK_CODE,WK_NAAM,GM_CODE,GM_NAAM,AANT_INW\n"
        "Gemeente,GM0402,Hilversum,,,GM0402,Hilversum,87161\n"
        "Wijk,WK040201,Wijk 01 Centrum,WK040201,Wijk 01 Centrum,GM0402,Hilversum,9180\n"
        "Buurt,BU04020101,Centrum,WK040201,Wijk 01 Centrum,GM0402,Hilversum,3105\n"
        "Buurt,BU04020102,Havenstraatbuurt,WK040201,Wijk 01 Centrum,GM0402,Hilversum,2855\n"
        "Buurt,BU04020201,Boomberg,WK040202,Wijk 02 Noordwest,GM0402,Hilversum,3065\n"
        "Buurt,BU00100200,Woldendorp,WK001002,,GM0010,Delfzijl,920\n"
    )
    path = write(tmp_path, "nl_wijken_buurten.csv", content)

    # 1 wijk row, 4 buurten, and the wijken WK040202 and WK001002, which have no row of their own.
    assert run_command(path).splitlines() == ["created=7 updated=0 unchanged=0 skipped=1"]

    assert not Neighbourhood.objects.filter(code="GM0402").exists()
    assert get("WK040201").inhabitants == 9180
    assert get("BU04020102").parent == get("WK040201")
    assert get("WK040202").name == "Wijk 02 Noordwest"  # from WK_NAAM
    assert get("WK001002").name == "WK001002"  # WK_NAAM is empty: named by its code
    assert (get("BU00100200").municipality_name, get("BU00100200").parent.code) == ("Delfzijl", "WK001002")


def test_lowercase_and_padded_codes_are_normalised():
    import_file("buurten.csv", b"code;naam;WK_CODE\n bu04020101 ;Centrum; wk040201 \n")

    assert list(Neighbourhood.objects.values_list("code", flat=True)) == ["BU04020101", "WK040201"]
    assert get("BU04020101").parent == get("WK040201")


# --- Wijken, history and values an import must not lose --------------------------------------


def test_existing_wijk_keeps_its_name_when_buurten_are_imported():
    wijk = WijkFactory(code="WK040201", name="Centrum en Havenkwartier")

    summary = import_file("buurten.csv", b"code;naam;WK_CODE;WK_NAAM\nBU04020101;Centrum;WK040201;Wijk 01 Centrum\n")

    assert summary.line() == "created=1 updated=0 unchanged=0 skipped=0"
    assert summary.codes_created == ["BU04020101"]
    wijk.refresh_from_db()
    assert (wijk.name, wijk.version) == ("Centrum en Havenkwartier", 1)
    assert get("BU04020101").parent == wijk


def test_buurt_without_a_wijk_is_linked_and_the_history_says_so():
    Neighbourhood.objects.create(code="BU04020101", kind="buurt", name="Centrum", municipality_code="GM0402")

    summary = import_file("buurten.csv", b"code;naam\nBU04020101;Centrum\n")

    assert summary.line() == "created=1 updated=1 unchanged=0 skipped=0"
    buurt = get("BU04020101")
    assert (buurt.parent.code, buurt.version) == ("WK040201", 2)
    entry = ChangeEntry.objects.for_object(buurt).get()
    assert [change["field"] for change in entry.changes] == ["parent", "imported"]


def test_import_file_records_the_actor(beheerder):
    import_file("eigen.csv", b"code;naam\nWK040201;Centrum\n", actor=beheerder)

    entry = ChangeEntry.objects.for_object(get("WK040201")).get()
    assert (entry.action, entry.version, entry.actor, entry.actor_repr) == ("create", 1, beheerder, str(beheerder))
    assert entry.changes == [history.event("imported", new="eigen.csv")]


def test_import_never_erases_a_value_the_new_file_lacks(tmp_path):
    run_command(BAARN)
    geometry = get("BU03080000").geometry

    # A CSV without inhabitants or geometry that renames one buurt.
    out = run_command(write(tmp_path, "namen.csv", "code;naam\nBU03080000;Centrum Baarn\n"))

    assert out.splitlines() == ["created=0 updated=1 unchanged=0 skipped=0"]
    centrum = get("BU03080000")
    assert (centrum.name, centrum.version) == ("Centrum Baarn", 2)
    assert (centrum.inhabitants, centrum.municipality_name, centrum.geometry_crs) == (1825, "Baarn", "OGC:CRS84")
    assert centrum.geometry == geometry
    entry = ChangeEntry.objects.for_object(centrum).get(action="update")
    assert entry.changes == [
        history.change(Neighbourhood, "name", "Centrum", "Centrum Baarn"),
        history.event("imported", new="namen.csv"),
    ]


def test_a_sentinel_in_a_later_file_does_not_erase_inhabitants(tmp_path):
    run_command(BAARN)

    out = run_command(write(tmp_path, "cijfers.csv", "code;naam;aantal_inwoners\nBU03080000;Centrum;-99995\n"))

    assert out.splitlines() == ["created=0 updated=0 unchanged=1 skipped=0"]
    assert (get("BU03080000").inhabitants, get("BU03080000").version) == (1825, 1)


# --- Errors: the file is refused and nothing is saved ------------------------------------------

BAD_FILES = {
    "code-too-short": (
        "buurten.csv",
        "code;naam\nBU04020101;Centrum\nBU0402010;Havenstraatbuurt\n",
        "rij 3: 'BU0402010' is geen geldige CBS-wijkcode (WK + 6 tekens) of buurtcode (BU + 8 tekens).",
    ),
    "garbage-code": (
        "buurten.csv",
        "code;naam\nCentrum-1;Centrum\n",
        "rij 2: 'CENTRUM-1' is geen geldige CBS-wijkcode",
    ),
    "gemeente-code-in-wijk-column": (
        "wijken.geojson",
        geojson([feature(WK_CODE="GM0402", WK_NAAM="Hilversum")]),
        "feature 1: 'GM0402' is geen geldige CBS-wijkcode",
    ),
    "no-code": (
        "buurten.geojson",
        geojson([feature(BU_CODE="BU04020101", BU_NAAM="Centrum"), feature(BU_NAAM="Havenstraatbuurt")]),
        "feature 2: '(leeg)' is geen geldige CBS-wijkcode",
    ),
    "duplicate-code": (
        "buurten.csv",
        "code;naam\nBU04020101;Centrum\nBU04020102;Havenstraatbuurt\nbu04020101;Centrum-Oost\n",
        "rij 4: code BU04020101 staat twee keer in het bestand (ook in rij 2).",
    ),
    "missing-name": ("buurten.csv", "code;naam\nBU04020101;  \n", "rij 2: de naam van BU04020101 ontbreekt."),
    "buurt-not-in-its-wijk": (
        "buurten.geojson",
        geojson([feature(BU_CODE="BU04020101", BU_NAAM="Centrum", WK_CODE="WK040202", GM_CODE="GM0402")]),
        "feature 1: buurt BU04020101 hoort niet bij wijk WK040202 (de wijkcode is WK040201).",
    ),
    "wrong-municipality": (
        "buurten.csv",
        "code;naam;gemeentecode\nBU04020101;Centrum;GM0403\n",
        "rij 2: code BU04020101 hoort niet bij gemeente GM0403.",
    ),
    "invalid-json": (
        "buurten.geojson",
        '{"type": "FeatureCollection", "features": [',
        "Het bestand is geen leesbare GeoJSON",
    ),
    "empty-file": ("buurten.geojson", b"", "Het bestand is leeg."),
    "blank-file": ("buurten.csv", b" \r\n\r\n", "Het bestand is leeg."),
    "single-feature": (
        "buurt.geojson",
        json.dumps(feature(RD_SQUARE, BU_CODE="BU04020101", BU_NAAM="Centrum")),
        "Het bestand is geen GeoJSON-FeatureCollection.",
    ),
    "json-list": ("buurten.json", "[]", "Het bestand is geen GeoJSON-FeatureCollection."),
    "features-not-a-list": (
        "buurten.geojson",
        '{"type": "FeatureCollection", "features": {}}',
        "Het GeoJSON-bestand bevat geen lijst met features.",
    ),
    "csv-without-code-column": (
        "buurten.csv",
        "naam;inwoners\nCentrum;3105\n",
        "Het CSV-bestand moet in de kopregel een kolom 'code' (of BU_CODE / buurtcode) hebben.",
    ),
    "csv-with-only-a-bom": ("buurten.csv", b"\xef\xbb\xbf", "Het CSV-bestand heeft geen kopregel."),
}


@pytest.mark.parametrize("earlier_import", [False, True], ids=["empty-database", "after-valid-import"])
@pytest.mark.parametrize("filename, content, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_invalid_file_is_refused_naming_the_reason_and_saves_nothing(
    tmp_path, earlier_import, filename, content, message
):
    if earlier_import:
        run_command(HILVERSUM_BUURTEN)
        run_command(HILVERSUM_WIJKEN)
    before, entries = snapshot(), ChangeEntry.objects.count()
    path = write(tmp_path, filename, content)

    with pytest.raises(CommandError) as caught:
        run_command(path)

    assert str(caught.value).startswith("Er is niets geïmporteerd.\n")
    assert message in str(caught.value)
    assert snapshot() == before
    assert Neighbourhood.objects.count() == (51 if earlier_import else 0)
    assert ChangeEntry.objects.count() == entries


def test_one_bad_feature_among_valid_ones_saves_none_of_them(tmp_path):
    document = load(BAARN)
    document["features"][20]["properties"]["wijkcode"] = "WK030804"  # BU03080501 lies in WK030805

    with pytest.raises(CommandError) as caught:
        run_command(write(tmp_path, "baarn.geojson", json.dumps(document)))

    assert str(caught.value).splitlines() == [
        "Er is niets geïmporteerd.",
        "feature 21: buurt BU03080501 hoort niet bij wijk WK030804 (de wijkcode is WK030805).",
    ]
    assert not Neighbourhood.objects.exists()
    assert not ChangeEntry.objects.exists()


def test_one_bad_row_keeps_valid_updates_in_the_same_file_out(tmp_path):
    run_command(BAARN)
    before = snapshot()
    document = load(BAARN)
    for item in document["features"]:
        item["properties"]["buurtnaam"] += " (nieuw)"
        item["properties"]["aantal_inwoners"] += 5
    document["features"][3]["properties"]["buurtnaam"] = ""

    with pytest.raises(CommandError) as caught:
        run_command(write(tmp_path, "baarn.geojson", json.dumps(document)))

    assert "feature 4: de naam van BU03080003 ontbreekt." in str(caught.value)
    assert snapshot() == before
    assert get("BU03080000").name == "Centrum"


def test_errors_are_all_reported_up_to_a_limit():
    rows = "".join(f"BU0402{n:04d};\n" for n in range(30))  # 30 buurten without a name

    with pytest.raises(ImportFailed) as caught:
        import_file("buurten.csv", f"code;naam\n{rows}".encode())

    errors = caught.value.errors
    assert len(errors) == 26
    assert errors[0] == "rij 2: de naam van BU04020000 ontbreekt."
    assert errors[24] == "rij 26: de naam van BU04020024 ontbreekt."
    assert errors[-1] == "Gestopt na 25 fouten."
    assert not Neighbourhood.objects.exists()


# --- Bugs found while writing these tests, fixed since ----------------------------------------------


def test_dutch_thousands_separator_in_a_count_is_not_read_as_a_decimal():
    import_file("buurten.csv", b"code;naam;AANT_INW\nBU04020101;Centrum;3.105\n")

    assert get("BU04020101").inhabitants == 3105


def test_invalid_codes_also_stop_after_the_error_limit():
    rows = "".join(f"BU0402{n:04d}X;Buurt {n}\n" for n in range(30))  # 30 codes one character too long

    with pytest.raises(ImportFailed) as caught:
        import_file("buurten.csv", f"code;naam\n{rows}".encode())

    assert len(caught.value.errors) == 26
    assert caught.value.errors[-1] == "Gestopt na 25 fouten."


def test_csv_error_names_the_right_row_after_a_blank_line():
    with pytest.raises(ImportFailed) as caught:
        import_file("buurten.csv", b"code;naam\nBU04020101;Centrum\n\nBU04020102;\n")

    assert caught.value.errors == ["rij 4: de naam van BU04020102 ontbreekt."]


def test_an_imported_change_sets_updated_at():
    run_command(HILVERSUM_BUURTEN)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Neighbourhood.objects.update(updated_at=long_ago)

    run_command(HILVERSUM_WIJKEN)

    wijk = get("WK040201")
    assert wijk.version == 2
    assert wijk.updated_at > long_ago


def test_a_name_longer_than_the_field_is_a_row_error():
    with pytest.raises(ImportFailed) as caught:
        import_file("buurten.csv", f"code;naam\nBU04020101;{'x' * 151}\n".encode())

    assert caught.value.errors[0].startswith("rij 2: ")
    assert not Neighbourhood.objects.exists()
