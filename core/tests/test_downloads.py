"""Download names: RFC 6266 through one helper, so "Energiecoöperatie" stays whole and a stored line
break cannot break the header."""

import io
import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from agreements.models import SignedScan
from core.downloads import download_filename

pytestmark = pytest.mark.django_db


def saved_name(response) -> str:
    """The file name a browser saves, from the filename* parameter."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    match = re.search(r"filename\*=utf-8''(\S+)$", header)
    assert match, header
    return unquote(match.group(1))


def simple_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_draft_pdf_keeps_the_o_umlaut_in_its_file_name(client, medewerker, final_version):
    version = final_version("Energiecoöperatie Zuid")
    client.force_login(medewerker)
    response = client.get(reverse("agreements:pdf", args=[version.pk]))
    assert response.status_code == 200
    assert (
        "filename*=utf-8''Samenwerkingsverklaring%20Energieco%C3%B6peratie%20Zuid-v1.pdf"
        in (response["Content-Disposition"])
    )
    assert saved_name(response) == "Samenwerkingsverklaring Energiecoöperatie Zuid-v1.pdf"


def test_a_name_stored_with_a_line_break_still_downloads(client, medewerker, final_version):
    version = final_version("Energiecoöperatie\r\nBcc: x")  # saved before forms refused it
    client.force_login(medewerker)
    response = client.get(reverse("agreements:pdf", args=[version.pk]))
    assert response.status_code == 200
    assert saved_name(response) == "Samenwerkingsverklaring Energiecoöperatie Bcc: x-v1.pdf"


def test_a_signed_scan_downloads_under_its_own_name(client, medewerker, final_version, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = final_version("Zon op Zuid")
    client.force_login(medewerker)
    pdf = SimpleUploadedFile("Getekend Energiecoöperatie.pdf", simple_pdf(), content_type="application/pdf")
    assert client.post(reverse("agreements:scan_upload", args=[version.draft_id]), {"file": pdf}).status_code == 302
    response = client.get(reverse("agreements:scan", args=[SignedScan.objects.get().pk]))
    assert response.status_code == 200
    assert "filename*=utf-8''Getekend%20Energieco%C3%B6peratie.pdf" in response["Content-Disposition"]
    b"".join(response.streaming_content)


def test_plain_names_stay_plain(client, lezer):
    client.force_login(lezer)
    response = client.get(reverse("initiatives:export"))
    assert response["Content-Disposition"] == 'attachment; filename="initiatieven.csv"'


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Energiecoo\u0308peratie.pdf", "Energiecoöperatie.pdf"),  # decomposed ö is composed
        ("a\r\nb\tc.pdf", "a b c.pdf"),
        ("../../etc/passwd", "-..-etc-passwd"),
        ("", "download"),
    ],
)
def test_download_filename(name, expected):
    assert download_filename(name) == expected
