"""The agreement's files: the PDF/A-2a + PDF/UA-1 of an agreed version and the PDF/UA-1 concept
(opened with pikepdf), the Word export (read back with python-docx) and the MDTO archive package."""

import hashlib
import io
import zipfile
from xml.etree import ElementTree

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfWriter

from accounts.tests.factories import UserFactory
from agreements import archive, docx, pdf, services
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
MDTO = "{https://www.nationaalarchief.nl/mdto}"


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def drafted(medewerker):
    MunicipalityFactory(name="Gemeente Voorbeeld", cbs_code="GM0402")
    partnership = PartnershipFactory(initiative__name="Energiecoöperatie Zuid", status="in_conversation")
    # Enough activities for the table to run over a page.
    for i in range(70):
        partnership_services.add_activity(
            partnership, actor=medewerker, values={"what": f"Activiteit {i}", "responsible": "initiative"}
        )
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=partnership.initiative)
    return {"draft": draft, "version": services.freeze(draft, actor=medewerker), "coordinator": coordinator}


@pytest.fixture
def agreed(drafted, medewerker):
    version = drafted["version"]
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=drafted["coordinator"])
    version.refresh_from_db()
    return {**drafted, "version": version}


def struct_elements(pdf_file):
    found = []
    stack = [pdf_file.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def children(element, tag):
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == tag]


def table_attributes(th):
    attributes = th.get("/A")
    items = [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes or [])
    return next(a for a in items if a.get("/O") == pikepdf.Name.Table)


def content_of(page) -> bytes:
    return b"".join(
        instruction_bytes for instruction_bytes in [pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))]
    )


def check_tables(pdf_file):
    elements = struct_elements(pdf_file)
    tables = [e for e in elements if e.get("/S") == pikepdf.Name.Table]
    assert tables
    for table in tables:
        assert children(table, pikepdf.Name.Caption), "every table has its caption"
    headers = [e for e in elements if e.get("/S") == pikepdf.Name.TH]
    assert headers
    for th in headers:
        assert table_attributes(th).get("/Scope") in (pikepdf.Name.Column, pikepdf.Name.Row)
    # Header cells have IDs (the data cells' Headers refer to them): the IDTree holds them all.
    ids = {bytes(th.ID) for th in headers if "/ID" in th}
    assert ids
    names = pdf_file.Root.StructTreeRoot.IDTree.Names
    assert {bytes(names[i]) for i in range(0, len(names), 2)} == ids
    return tables


def test_an_agreed_version_is_pdf_a_2a_and_pdf_ua_1(agreed):
    data = pdf.render(agreed["version"])
    with pikepdf.open(io.BytesIO(data)) as pdf_file:
        meta = pdf_file.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta[PDFUAID] == "1"
        assert meta["dc:title"].startswith("Samenwerkingsverklaring Energiecoöperatie Zuid")
        intents = pdf_file.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == pikepdf.Name.GTS_PDFA1 and "/DestOutputProfile" in intents[0]
        assert pdf_file.Root.MarkInfo.Marked
        assert str(pdf_file.Root.Lang).lower().startswith("nl")
        assert pdf_file.Root.ViewerPreferences.DisplayDocTitle
        for page in pdf_file.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert any(k in descendant.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert len(pdf_file.pages) > 1
        tables = check_tables(pdf_file)
        # The activities table runs over pages and is still one table with one caption.
        activity_tables = [t for t in tables if len(children(t, pikepdf.Name.TBody)) > 1]
        assert len(activity_tables) == 1
        text = data
        assert b"CONCEPT" not in text


def test_a_concept_is_pdf_ua_with_its_watermark_an_artifact(drafted):
    data = pdf.render(drafted["version"])
    with pikepdf.open(io.BytesIO(data)) as pdf_file:
        meta = pdf_file.open_metadata()
        assert meta[PDFUAID] == "1"
        assert "pdfaid:part" not in meta
        check_tables(pdf_file)
        for page in pdf_file.pages:
            # The watermark is an image drawn first on every page, inside an Artifact: no text to read.
            instructions = pikepdf.parse_content_stream(page)
            xobject_draws = [i for i, (operands, op) in enumerate(instructions) if str(op) == "Do"]
            first = xobject_draws[0]
            opened = [operands[0] for operands, op in instructions[:first] if str(op) in ("BMC", "BDC")]
            closed = sum(1 for _, op in instructions[:first] if str(op) == "EMC")
            assert opened[closed:] == [pikepdf.Name.Artifact]
    # The watermark is a picture, not text: the only "CONCEPT" in the text is the sentence under the title.
    from pypdf import PdfReader

    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert first_page.count("CONCEPT") == 1


def test_the_word_export_has_real_headings_and_a_real_table(agreed):
    version = agreed["version"]
    doc = Document(io.BytesIO(docx.render(version)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Samenwerkingsverklaring Energiecoöperatie Zuid")
    assert ("Heading 1", "1. Partijen") in headings
    assert any(name == "Heading 1" and text.endswith("Activiteiten en inzet per partij") for name, text in headings)
    assert ("Heading 1", "Vastlegging van het akkoord") in headings
    assert ("Heading 2", "Namens Gemeente Voorbeeld") in headings
    activities = doc.tables[0]
    assert [c.text for c in activities.rows[0].cells] == ["Wat", "Wie", "Uiterlijk", "Status"]
    assert activities.rows[1].cells[0].text == "Activiteit 0"
    assert len(activities.rows) == 71
    # The header row repeats on every page in Word too.
    assert activities.rows[0]._tr.trPr.xpath("./w:tblHeader")
    record = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    assert "Akkoord namens Energiecoöperatie Zuid" in record
    # Each activity once: the section's text does not list them again.
    assert sum("Activiteit 0" == p.text for p in doc.paragraphs) == 0
    assert doc.core_properties.title == "Samenwerkingsverklaring Energiecoöperatie Zuid, versie 1"


def test_a_reviewed_text_comes_back_as_a_new_version_the_comparison_shows(agreed, medewerker):
    draft = agreed["draft"]
    doc = Document(io.BytesIO(docx.render(agreed["version"])))
    reviewed = next(p.text for p in doc.paragraphs if p.text.startswith("De partijen voeren")) + " Juridisch getoetst."
    section = draft.sections.get(key="activiteiten")
    draft.refresh_from_db()
    services.update_section(section, actor=medewerker, expected_version=draft.version, text=reviewed)
    new = services.freeze(draft, actor=medewerker)
    changed = [s for s in services.compare(agreed["version"], new) if s["state"] == "changed"]
    assert [s["title"] for s in changed] == ["Activiteiten en inzet per partij"]


@pytest.fixture
def signed(agreed, medewerker):
    draft = agreed["draft"]
    draft.refresh_from_db()
    services.upload_scan(draft, actor=medewerker, upload=SimpleUploadedFile("Getekend – Zuid.pdf", blank_pdf()))
    return agreed


def test_the_archive_package_holds_both_pdfs_and_mdto_metadata(signed):
    draft = signed["draft"]
    data = archive.package(draft, municipality=None)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert "Samenwerkingsverklaring Energiecoöperatie Zuid-getekend.pdf" in names
        assert "Samenwerkingsverklaring Energiecoöperatie Zuid-v1.pdf" in names
        # A blank page has no fonts: the package holds its archival PDF/A-2u copy (test_scan_pdfa.py).
        scan = draft.scans.get()
        signed_pdf = package.read("Samenwerkingsverklaring Energiecoöperatie Zuid-getekend.pdf")
        assert scan.is_pdfa and hashlib.sha256(signed_pdf).hexdigest() == scan.archival_sha256
        agreed_pdf = package.read("Samenwerkingsverklaring Energiecoöperatie Zuid-v1.pdf")
        with pikepdf.open(io.BytesIO(agreed_pdf)) as pdf_file:
            assert pdf_file.open_metadata()["pdfaid:part"] == "2"
        root = ElementTree.fromstring(package.read("informatieobject.mdto.xml"))
        assert root.tag == f"{MDTO}MDTO"
        obj = root.find(f"{MDTO}informatieobject")
        assert obj.findtext(f"{MDTO}naam") == "Samenwerkingsverklaring Energiecoöperatie Zuid"
        assert obj.findtext(f"{MDTO}identificatie/{MDTO}identificatieKenmerk") == f"wijkpartner-overeenkomst-{draft.pk}"
        assert obj.findtext(f"{MDTO}waardering/{MDTO}begripCode") == "V"
        assert obj.findtext(f"{MDTO}bewaartermijn/{MDTO}termijnLooptijd") == "P10Y"
        assert obj.findtext(f"{MDTO}archiefvormer/{MDTO}verwijzingNaam") == "Gemeente Voorbeeld"
        assert len(obj.findall(f"{MDTO}heeftRepresentatie")) == 2
        for name in ("Samenwerkingsverklaring Energiecoöperatie Zuid-getekend.pdf",):
            file_meta = ElementTree.fromstring(package.read(f"{name}.mdto.xml")).find(f"{MDTO}bestand")
            assert file_meta.findtext(f"{MDTO}checksum/{MDTO}checksumWaarde") == scan.archival_sha256
            assert file_meta.findtext(f"{MDTO}omvang") == str(len(signed_pdf))
            assert file_meta.findtext(f"{MDTO}bestandsformaat/{MDTO}begripCode") == "fmt/478"


def test_a_coordinator_downloads_their_own_documents_and_package_with_whole_names(signed, client):
    draft, version, coordinator = signed["draft"], signed["version"], signed["coordinator"]
    client.force_login(coordinator)
    response = client.get(reverse("agreements:docx", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == docx.CONTENT_TYPE
    assert (
        "filename*=utf-8''Samenwerkingsverklaring%20Energieco%C3%B6peratie%20Zuid-v1.docx"
        in response["Content-Disposition"]
    )
    response = client.get(reverse("agreements:archive", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "Energieco%C3%B6peratie%20Zuid-archief.zip" in response["Content-Disposition"]

    # Another initiative's documents: 404.
    other = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=other, initiative=PartnershipFactory().initiative)
    client.force_login(other)
    for url in (
        reverse("agreements:docx", args=[version.pk]),
        reverse("agreements:archive", args=[draft.pk]),
        reverse("agreements:pdf", args=[version.pk]),
    ):
        assert client.get(url).status_code == 404


def test_every_marked_content_is_in_the_structure_tree_and_the_footer_is_an_artifact(agreed):
    with pikepdf.open(io.BytesIO(pdf.render(agreed["version"]))) as pdf_file:
        root = pdf_file.Root.StructTreeRoot
        reachable = {e.objgen for e in struct_elements(pdf_file)}
        nums = root.ParentTree.Nums
        for i in range(1, len(nums), 2):
            for element in nums[i]:
                assert element is None or element.objgen in reachable
        page = pdf_file.pages[0]
        instructions = pikepdf.parse_content_stream(page)
        pagination = [
            operands for operands, op in instructions if str(op) == "BDC" and operands[0] == pikepdf.Name.Artifact
        ]
        assert any(o[1].get("/Type") == pikepdf.Name.Pagination for o in pagination)
