"""The archival PDF/A-2u copy of the signed scan (agreements/scan_pdfa.py): made for an image-only
scan, refused (the upload kept, flagged not PDF/A) for a scan with an unembedded font; the archive
package names the format of what it holds."""

import hashlib
import io
import zipfile
import zlib
from datetime import UTC, datetime
from xml.etree import ElementTree

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import archive, scan_pdfa, services

pytestmark = pytest.mark.django_db

MDTO = "{https://www.nationaalarchief.nl/mdto}"
NOTICE = "De getekende scan is geen PDF/A; scan opnieuw als PDF/A of laat hem omzetten"
CONTENT = b"q 595 0 0 842 0 0 cm /Im0 Do Q\n"
TEXT = b"BT /F1 12 Tf 72 720 Td (Getekend) Tj ET\n"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _save(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_scan() -> bytes:
    """One A4 page showing a grey 8x8 image: no fonts, no text."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    image = pikepdf.Stream(pdf, zlib.compress(bytes(range(0, 256, 4))))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 8, 8, 8
    image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pdf.make_stream(CONTENT)
    pdf.docinfo["/Title"] = "Scan 2026-11-28"
    return _save(pdf)


def unembedded_font_pdf() -> bytes:
    """One page with text in Helvetica, a Type1 font without a FontFile."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(TEXT)
    return _save(pdf)


def upload(draft, actor, data, name="getekend.pdf"):
    draft.refresh_from_db()
    return services.upload_scan(draft, actor=actor, upload=SimpleUploadedFile(name, data))


def formats(draft) -> dict[str, str]:
    """The PRONOM code per file in the archive package."""
    with zipfile.ZipFile(io.BytesIO(archive.package(draft))) as package:
        found = {}
        for name in package.namelist():
            if name.endswith(".pdf"):
                meta = ElementTree.fromstring(package.read(f"{name}.mdto.xml")).find(f"{MDTO}bestand")
                found[name.rsplit("-", 1)[1]] = meta.findtext(f"{MDTO}bestandsformaat/{MDTO}begripCode")
        signed = next(package.read(n) for n in package.namelist() if n.endswith("-getekend.pdf"))
    return found | {"signed sha256": hashlib.sha256(signed).hexdigest()}


def test_an_image_only_scan_gets_a_pdf_a_2u_archival_copy(final_draft, medewerker, media):
    original = image_scan()
    scan = upload(final_draft, medewerker, original)
    assert scan.is_pdfa
    assert scan.sha256 == hashlib.sha256(original).hexdigest()
    with scan.file.open("rb") as handle:
        assert handle.read() == original  # the upload itself is kept as it is
    with scan.archival_file.open("rb") as handle:
        copy = handle.read()
    assert scan.archival_sha256 == hashlib.sha256(copy).hexdigest() != scan.sha256

    with pikepdf.open(io.BytesIO(copy)) as pdf, pikepdf.open(io.BytesIO(original)) as before:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile.read_bytes()
        assert profile == scan_pdfa.srgb_profile() and profile[36:40] == b"acsp"
        assert intent.DestOutputProfile.N == 3
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "U"
        assert meta.pdfa_status == "2U"
        assert meta["dc:title"] == "Scan 2026-11-28" == str(pdf.docinfo.Title)
        assert meta["xmp:CreateDate"] and "/CreationDate" in pdf.docinfo
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: the XMP stream is not compressed
        assert "/Encrypt" not in pdf.trailer and "/ID" in pdf.trailer
        # The page is unchanged: the same content stream, the same image.
        assert len(pdf.pages) == 1
        page, old = pdf.pages[0], before.pages[0]
        assert page.Contents.read_bytes() == old.Contents.read_bytes() == CONTENT
        assert page.Resources.XObject.Im0.read_raw_bytes() == old.Resources.XObject.Im0.read_raw_bytes()
        assert list(page.MediaBox) == list(old.MediaBox)

    assert formats(final_draft) == {
        "getekend.pdf": "fmt/478",
        "v1.pdf": "fmt/476",
        "signed sha256": scan.archival_sha256,
    }


def test_a_scan_with_an_unembedded_font_is_kept_and_flagged_not_pdf_a(client, final_draft, medewerker, media):
    original = unembedded_font_pdf()
    scan = upload(final_draft, medewerker, original)
    assert not scan.is_pdfa
    assert not scan.archival_file and scan.archival_sha256 == ""
    with scan.file.open("rb") as handle:
        assert handle.read() == original
    client.force_login(medewerker)
    assert NOTICE in client.get(reverse("agreements:draft", args=[final_draft.pk])).content.decode()
    assert formats(final_draft) == {
        "getekend.pdf": "fmt/276",
        "v1.pdf": "fmt/476",
        "signed sha256": scan.sha256,
    }


def test_a_pdf_a_scan_has_no_notice(client, final_draft, medewerker, media):
    upload(final_draft, medewerker, image_scan())
    client.force_login(medewerker)
    assert NOTICE not in client.get(reverse("agreements:draft", args=[final_draft.pk])).content.decode()


def _cmyk_image(pdf, page):
    page.Resources.XObject.Im0.ColorSpace = pikepdf.Name.DeviceCMYK


def _cmyk_operator(pdf, page):
    page.Contents = pdf.make_stream(b"0 0 0 1 k\n" + CONTENT)


def _lzw(pdf, page):
    page.Resources.XObject.Im0.Filter = pikepdf.Name.LZWDecode


def _optional_content(pdf, page):
    pdf.Root.OCProperties = pikepdf.Dictionary()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_cmyk_image, "DeviceCMYK"),
        (_cmyk_operator, "DeviceCMYK"),
        (_lzw, "LZW"),
        (_optional_content, "optional content"),
    ],
)
def test_what_pdf_a_forbids_keeps_the_scan_from_being_called_pdf_a(change, problem):
    with pikepdf.open(io.BytesIO(image_scan())) as pdf:
        change(pdf, pdf.pages[0])
        data = _save(pdf)
    copy, problems = scan_pdfa.archival_copy(data, title="t", created=CREATED)
    assert copy is None
    assert any(problem in p for p in problems)


def test_an_embedded_font_without_unicode_map_is_not_pdf_a_2u():
    with pikepdf.open(io.BytesIO(unembedded_font_pdf())) as pdf:
        font = pdf.pages[0].Resources.Font.F1
        font.FontDescriptor = pikepdf.Dictionary(FontFile=pdf.make_stream(b"x"))
        data = _save(pdf)
    copy, problems = scan_pdfa.archival_copy(data, title="t", created=CREATED)
    assert copy is None and problems == ["font without ToUnicode"]
