"""The CBS import refuses deeply nested JSON and too many rows with a clear message (upload page and
command), and looks codes up in batches so that a national file imports on SQLite."""

import io
import json
import sqlite3

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from core.models import ChangeEntry
from neighbourhoods.import_limits import json_too_deep
from neighbourhoods.importing import ImportFailed, import_file
from neighbourhoods.models import Neighbourhood

pytestmark = pytest.mark.django_db

TOO_DEEP = "Het bestand is meer dan 32 niveaus diep genest; dat is geen CBS-GeoJSON."


def nested(depth: int) -> bytes:
    """A FeatureCollection whose one geometry is nested `depth` arrays deep."""
    head = b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
    head += b'"properties": {"WK_CODE": "WK040201", "WK_NAAM": "Diep"}, "geometry": {"type": "Point", "coordinates": '
    return head + b"[" * depth + b"]" * depth + b"}}]}"


def csv_file(count: int) -> bytes:
    """`count` buurten, each in a wijk of its own, spread over municipalities (100 wijken each)."""
    lines = ["code;naam"]
    for i in range(count):
        lines.append(f"BU{1000 + i // 100:04d}{i % 100:02d}01;Buurt {i}")
    return ("\n".join(lines) + "\n").encode()


# --- nesting -----------------------------------------------------------------------------------


def test_json_nested_10000_deep_is_refused_with_a_clear_message_and_nothing_is_written():
    with pytest.raises(ImportFailed) as failure:
        import_file("diep.geojson", nested(10_000))
    assert failure.value.errors == [TOO_DEEP]
    assert not Neighbourhood.objects.exists() and not ChangeEntry.objects.exists()


def test_the_upload_page_shows_the_nesting_error(client, beheerder):
    client.force_login(beheerder)
    upload = SimpleUploadedFile("diep.geojson", nested(10_000), "application/geo+json")
    response = client.post(reverse("neighbourhoods:import"), {"file": upload})
    assert response.status_code == 200
    assert TOO_DEEP in response.content.decode()
    assert not Neighbourhood.objects.exists()


def test_the_command_reports_the_nesting_error(tmp_path):
    path = tmp_path / "diep.geojson"
    path.write_bytes(nested(10_000))
    with pytest.raises(CommandError, match="niveaus diep genest"):
        call_command("import_neighbourhoods", str(path), stdout=io.StringIO())
    assert not Neighbourhood.objects.exists()


def test_ordinary_geojson_nesting_is_accepted():
    assert import_file("ondiep.geojson", nested(3)).created == 1


@pytest.mark.parametrize(
    "text, deep",
    [
        (b"{}", False),
        (b"[[[[]]]]", False),
        (b"[" * 33 + b"]" * 33, True),
        (b"[" * 32 + b"]" * 32, False),
        (b'{"a": "' + b"[" * 100 + b'"}', False),  # brackets in a string do not count
        (b'{"a": "\\"[[[[", "b": [[]]}', False),  # nor after an escaped quote
        (b"[" * 10_000, False),  # not balanced: the JSON parser reports it
    ],
)
def test_json_too_deep(text, deep):
    assert json_too_deep(text) is deep


def test_an_unbalanced_deep_file_gets_a_message_too():
    with pytest.raises(ImportFailed) as failure:
        import_file("kapot.geojson", b'{"type": "FeatureCollection", "features": ' + b"[" * 10_000)
    assert failure.value.errors == [TOO_DEEP]


# --- number of rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "geojson"])
def test_more_rows_than_the_limit_is_refused_and_nothing_is_written(settings, kind):
    settings.CBS_IMPORT_MAX_ROWS = 3
    if kind == "csv":
        data = csv_file(4)
    else:
        features = [
            {"type": "Feature", "properties": {"BU_CODE": f"BU040201{i:02d}", "BU_NAAM": f"B{i}"}, "geometry": None}
            for i in range(4)
        ]
        data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    with pytest.raises(ImportFailed) as failure:
        import_file(f"groot.{kind}", data)
    assert failure.value.errors == [
        "Het bestand bevat meer dan 3 wijken en buurten. Splits het in kleinere bestanden, of vraag de beheerder "
        "van de server CBS_IMPORT_MAX_ROWS te verhogen."
    ]
    assert not Neighbourhood.objects.exists()
    # At the limit it imports.
    settings.CBS_IMPORT_MAX_ROWS = 4
    assert import_file(f"groot.{kind}", data).created == (8 if kind == "csv" else 5)


def test_the_upload_page_shows_the_row_limit(client, beheerder, settings):
    settings.CBS_IMPORT_MAX_ROWS = 3
    client.force_login(beheerder)
    response = client.post(reverse("neighbourhoods:import"), {"file": SimpleUploadedFile("b.csv", csv_file(4))})
    assert response.status_code == 200
    assert "Het bestand bevat meer dan 3 wijken en buurten." in response.content.decode()
    assert not Neighbourhood.objects.exists()


# --- query parameters on SQLite ----------------------------------------------------------------


@pytest.fixture
def sqlite_variable_limit():
    """SQLite with the variable limit of older builds (999); this build allows more. On PostgreSQL
    nothing changes."""
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        yield 999
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def test_a_file_with_more_codes_than_sqlite_takes_in_one_query_imports(sqlite_variable_limit):
    # 700 buurten in 700 wijken: 1,400 codes to look up, more than 999.
    summary = import_file("landelijk.csv", csv_file(700))
    assert (summary.created, summary.updated) == (1400, 0)
    assert Neighbourhood.objects.count() == 1400
    # A second run finds every one of them again (the lookup in batches misses none).
    again = import_file("landelijk.csv", csv_file(700))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 700)


# --- other broken files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (b'{"type": "FeatureCollection", "features": [["geen", "object"]]}', "feature 1: geen GeoJSON-feature"),
        (b'{"type": "FeatureCollection", "features": [{"properties": ["x"]}]}', "feature 1: geen GeoJSON-feature"),
        (b'{"type": "FeatureCollection", "crs": "EPSG:28992", "features": []}', "coördinatenstelsel"),
        (b"code;naam\nWK040201;" + b"x" * 200_000 + b"\n", "Het CSV-bestand kan niet worden gelezen bij regel"),
        (b"code;naam\nWK040201;Naam met\x1bstuurteken\n", "regeleinde of een ander stuurteken"),
    ],
)
def test_broken_files_get_a_message_not_an_error(data, message):
    name = "x.csv" if data.startswith(b"code") else "x.geojson"
    with pytest.raises(ImportFailed) as failure:
        import_file(name, data)
    assert message in " ".join(failure.value.errors)
    assert not Neighbourhood.objects.exists()
