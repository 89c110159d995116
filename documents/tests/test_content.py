"""The content check: what a file is comes from its bytes, never from its name or the browser."""

import io
import zipfile

import pytest
from django.utils import translation
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from documents import content
from documents.tests import files


@pytest.mark.parametrize(
    "data, key, extension",
    [
        (files.pdf(), "pdf", "pdf"),
        (files.image("PNG"), "png", "png"),
        (files.image("JPEG"), "jpeg", "jpg"),
        (files.image("GIF"), "gif", "gif"),
        (files.image("WEBP"), "webp", "webp"),
        (files.docx(), "docx", "docx"),
        (files.xlsx(), "xlsx", "xlsx"),
        (files.pptx(), "pptx", "pptx"),
        (files.opendocument("text"), "odt", "odt"),
        (files.opendocument("spreadsheet"), "ods", "ods"),
        (files.opendocument("presentation"), "odp", "odp"),
    ],
)
def test_allowed_files_are_recognised_by_their_content(data, key, extension):
    kind = content.detect(data)
    assert (kind.key, kind.extension) == (key, extension)


REFUSED = {
    "html renamed to .pdf": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "a program": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
    "a shell script": b"#!/bin/sh\nrm -rf /\n",
    "plain text": b"Hallo gemeente",
    "a plain zip": files.plain_zip(),
    "a word file with macros": files.docm(),
    "a zip with an unknown mimetype": files._zip({"mimetype": "application/x-evil", "content.xml": "x"}),
    "a damaged zip": files.docx()[:-30],
    "a png that is not an image": b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
    "an old office file": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
}


@pytest.mark.parametrize("name", REFUSED)
def test_other_files_are_refused_with_a_message_naming_what_is_allowed(name):
    with pytest.raises(content.ContentRefused) as refusal:
        content.detect(REFUSED[name])
    assert "PNG, JPEG, GIF, WebP" in str(refusal.value)


def test_a_pdf_header_on_garbage_is_refused_as_unreadable():
    with pytest.raises(content.ContentRefused, match="pdf"):
        content.detect(b"%PDF-1.7\n garbage")


def test_the_message_names_what_is_allowed_in_dutch():
    with translation.override("nl"), pytest.raises(content.ContentRefused) as refusal:
        content.detect(REFUSED["svg"])
    assert "Toegestaan zijn" in str(refusal.value) and "docx" in str(refusal.value)


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(files.docx())
    # Set the "encrypted" flag on every entry (local and central headers).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    with pytest.raises(content.ContentRefused, match="password|wachtwoord"):
        content.detect(bytes(data))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    # 11 MB of zeros packs into a few kB; with a 10 MB cap it is refused from the declared sizes.
    monkeypatch.setattr(content, "ZIP_MAX_UNPACKED", 10 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", files.CONTENT_TYPES)
        archive.writestr("word/document.xml", b"\0" * (11 * 1024 * 1024))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(content.ContentRefused):
        content.detect(out.getvalue())


def test_a_pdf_with_javascript_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_open_action(JavaScript("app.alert('x');"))
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(content.ContentRefused):
        content.detect(out.getvalue())
