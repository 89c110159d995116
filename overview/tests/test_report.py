"""The overview report for the executive and the council: a summary page, a page per partnership,
neighbourhoods with nothing chosen counted, not listed; an accessible PDF/A."""

import datetime
import io

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory
from overview import report
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def pages_of(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_the_report_starts_with_a_summary_then_a_page_per_partnership(client, lezer):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    chosen = BuurtFactory(name="Gekozen buurt", off_gas_from=2030, heat_strategy="S2")
    for i in range(30):
        BuurtFactory(code=f"BU0402{i + 10:04d}", name=f"Lege buurt {i}")
    partnership = PartnershipFactory(
        initiative__name="Warm Noord", status="active", intensity="middel", review_date=datetime.date(2027, 5, 1)
    )
    partnership.initiative.neighbourhoods.set([chosen])
    client.force_login(lezer)
    response = client.get(reverse("overview:report"))
    pages = pages_of(response.content)
    summary = pages[0]
    assert "Samenvatting" in summary
    assert "Partnerschappen per status" in summary and "Partnerschappen per intensiteit" in summary
    assert "afspraken ondertekend in" in summary
    assert "waar nog niets is gekozen" in summary
    partnership_page = next(p for p in pages if "Warm Noord" in p and "Volgende herijking" in p)
    assert "1 mei 2027" in partnership_page
    assert "Gekozen buurt" in partnership_page and "2030" in partnership_page and "S2" in partnership_page
    assert "nog geen concept" in partnership_page
    text = "\n".join(pages)
    # Neighbourhoods with nothing chosen are counted, not listed.
    assert "Lege buurt" not in text
    assert report.summary(report.overview_rows(), [], datetime.date.today())["nothing_chosen"] >= 30
    with pikepdf.open(io.BytesIO(response.content)) as pdf_file:
        meta = pdf_file.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        assert "/OutputIntents" in pdf_file.Root


@pytest.mark.parametrize("count", [1, 50])
def test_the_partnership_pages_take_a_fixed_number_of_queries(count):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    for i in range(count):
        p = PartnershipFactory(initiative__name=f"Initiatief {i:02d}")
        p.initiative.neighbourhoods.set([BuurtFactory(code=f"BU0402{i + 10:04d}")])
    with CaptureQueriesContext(connection) as queries:
        pages = report.partnership_pages()
    assert len(pages) == count
    assert pages[-1]["initiative"].name == f"Initiatief {count - 1:02d}"
    assert pages[-1]["neighbourhoods"]
    assert len(queries) <= 7
