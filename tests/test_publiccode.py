"""publiccode.yml follows the publiccode.yml v0.4 standard, in Dutch and English; LICENSE is the
EUPL-1.2 that it names.

No machine-readable schema of the standard is available from PyPI or npm (the reference
validator is a Go program), so tests/publiccode/publiccode-0.4.schema.json was written from the
published v0.4 specification: keys, presence, types, enumerations and lengths. What a JSON
schema cannot say ("mandatory for at least one language") is checked below."""

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "publiccode" / "publiccode-0.4.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def publiccode():
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def errors(document) -> list[str]:
    validator = Draft202012Validator(SCHEMA)
    found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    languages = document.get("description", {}).values() if isinstance(document.get("description"), dict) else []
    for key in ["longDescription", "features"]:
        if not any(isinstance(d, dict) and d.get(key) for d in languages):
            found.append(f"description: {key} is mandatory for at least one language")
    return found


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_publiccode_yml_is_valid_v0_4(publiccode):
    assert errors(publiccode) == []
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert publiccode["name"] == "Wijkpartner"


def test_it_describes_the_software_in_dutch_and_english(publiccode):
    assert set(publiccode["description"]) == {"nl", "en"}
    for language in ["nl", "en"]:
        text = publiccode["description"][language]
        assert 150 <= len(text["longDescription"]) <= 10000 and len(text["shortDescription"]) <= 150
        assert len(text["features"]) >= 5
    assert publiccode["localisation"]["availableLanguages"] == ["nl", "en"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("name"),
        lambda d: d.update(developmentStatus="finished"),
        lambda d: d.update(url="git.example.org/wijkpartner"),
        lambda d: d["description"]["nl"].update(shortDescription="x" * 151),
        lambda d: d["description"]["en"].update(longDescription="Too short."),
        lambda d: d["maintenance"].pop("contacts"),
        lambda d: d["localisation"].update(localisationReady="yes"),
        lambda d: d.update(categories=["heat-transition"]),
        lambda d: d.update(unknownKey=True),
        lambda d: [text.pop("features") for text in d["description"].values()],
    ],
    ids=[
        "no name",
        "unknown status",
        "url not a url",
        "short description too long",
        "long description too short",
        "internal maintenance without contacts",
        "boolean as text",
        "category not in the list",
        "unknown key",
        "no features in any language",
    ],
)
def test_the_check_refuses_what_the_standard_refuses(publiccode, change):
    broken = copy.deepcopy(publiccode)
    change(broken)
    assert errors(broken) != []


def test_license_is_the_full_eupl_1_2_that_publiccode_yml_names(publiccode):
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016\n")
    # All fifteen articles and the appendix (the text has no space after an article's number).
    headings = re.findall(r"^(\d+)\.\s?([A-Z][a-z]+)", text, re.M)
    assert [int(n) for n, _ in headings] == list(range(1, 16))
    assert headings[0][1] == "Definitions" and headings[-1][1] == "Applicable"
    assert "Québec Free and Open-Source Licence" in text and len(text) > 13000
