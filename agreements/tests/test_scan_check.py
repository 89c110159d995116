"""The signed scan is checked with a PDF library: readable, and without scripts, automatic actions
or embedded files. The PDFs are made here with pypdf."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from agreements.models import SignedScan
from agreements.scan_check import ScanRefused, check_pdf

pytestmark = pytest.mark.django_db

REFUSED = "De pdf bevat scripts, automatische acties of ingesloten bestanden"
UNREADABLE = "De pdf kan niet worden gelezen."


def pdf(change=None) -> bytes:
    """A one-page PDF; `change(writer)` adds something to it first."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind, **entries):
    return DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind), **entries})


def js_open_action(writer):
    writer._root_object[NameObject("/OpenAction")] = action(
        "/JavaScript", **{NameObject("/JS"): TextStringObject("app.alert('hallo');")}
    )


def js_name_tree(writer):
    writer.add_open_action(JavaScript("this.print({bUI:true});"))


def launch_link(writer):
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(100)]),
            NameObject("/A"): action("/Launch", **{NameObject("/F"): TextStringObject("cmd.exe")}),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/URI", **{NameObject("/URI"): TextStringObject("https://example.org")})}
    )


def embedded_file(writer):
    writer.add_attachment("factuur.exe", b"MZ\x90\x00 not really a program")


def uri_link(writer):
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(100)]),
            NameObject("/A"): action("/URI", **{NameObject("/URI"): TextStringObject("https://gemeente.example")}),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


@pytest.mark.parametrize(
    "change, named",
    [
        (js_open_action, "JavaScript"),
        (js_name_tree, "JavaScript"),
        (launch_link, "Launch"),
        (page_additional_action, "AA"),
        (embedded_file, "EmbeddedFile"),
    ],
)
def test_active_content_is_found(change, named):
    with pytest.raises(ScanRefused) as refusal:
        check_pdf(pdf(change))
    assert named in str(refusal.value)


def test_a_hex_escaped_name_is_found_too():
    """/J#53 is /JS to a PDF reader; a search of the bytes for "/JS" misses it."""
    data = pdf(js_open_action).replace(b"/JS ", b"/J#53 ")
    assert b"/JS " not in data
    with pytest.raises(ScanRefused, match="JavaScript"):
        check_pdf(data)


@pytest.mark.parametrize("change", [None, uri_link])
def test_a_plain_pdf_passes(change):
    check_pdf(pdf(change))


# --- through the upload page ---------------------------------------------------------------------


@pytest.fixture
def final_draft(final_version, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return final_version("Zon op Zuid").draft


def upload(client, draft, data):
    return client.post(
        reverse("agreements:scan_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("getekend.pdf", data, content_type="application/pdf")},
    )


@pytest.mark.parametrize("change", [js_open_action, js_name_tree, launch_link, page_additional_action, embedded_file])
def test_the_upload_refuses_a_pdf_with_active_content(client, medewerker, final_draft, change):
    client.force_login(medewerker)
    response = upload(client, final_draft, pdf(change))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not SignedScan.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nniets dan tekst, geen objecten\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    ],
)
def test_the_upload_refuses_an_unreadable_pdf(client, medewerker, final_draft, data):
    client.force_login(medewerker)
    response = upload(client, final_draft, data)
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not SignedScan.objects.exists()


def test_the_upload_keeps_a_plain_pdf(client, medewerker, final_draft):
    client.force_login(medewerker)
    assert upload(client, final_draft, pdf(uri_link)).status_code == 302
    assert SignedScan.objects.count() == 1
