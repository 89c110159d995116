"""What a file is, read from its bytes: never from its name, extension or the browser's content type.

Allowed: PDF (without active content, agreements/scan_check.py), images (PNG, JPEG, GIF, WebP,
also opened and verified with Pillow), Office Open XML (docx, xlsx, pptx) and OpenDocument (odt,
ods, odp) files. Office and OpenDocument files are zip archives: they are opened with `zipfile`
and recognised by their parts ([Content_Types].xml with word/, xl/ or ppt/; a `mimetype` entry);
encrypted, damaged and oversized archives (zip bombs: the total unpacked size is capped, nothing
is unpacked beyond the few bytes read here) are refused, as are macros (vbaProject.bin, Basic/,
Scripts/). Everything else (HTML, SVG, programs, scripts, plain zip files, old binary Office
files) is refused with a message that names what is allowed.
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from agreements.scan_check import ScanRefused, check_pdf

# The most a zip archive (Office, OpenDocument) may unpack to, and the most entries it may hold.
ZIP_MAX_UNPACKED = 250 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
# Pillow's own guard against decompression bombs, for one image.
IMAGE_MAX_PIXELS = 100_000_000


@dataclass(frozen=True)
class Kind:
    key: str
    extension: str
    content_type: str
    label: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "pdf", "application/pdf", "PDF"),
        Kind("png", "png", "image/png", "PNG"),
        Kind("jpeg", "jpg", "image/jpeg", "JPEG"),
        Kind("gif", "gif", "image/gif", "GIF"),
        Kind("webp", "webp", "image/webp", "WebP"),
        Kind("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
        Kind("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
        Kind("pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"),
        Kind("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument"),
        Kind("ods", "ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
        Kind("odp", "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument"),
    )
}
OPENDOCUMENT = {KINDS[key].content_type: KINDS[key] for key in ("odt", "ods", "odp")}
OOXML_FOLDERS = {"word/": KINDS["docx"], "xl/": KINDS["xlsx"], "ppt/": KINDS["pptx"]}
# Image formats as Pillow names them.
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
# What the browser's file chooser offers; the check itself reads the content.
ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp"


class ContentRefused(Exception):
    """The file is not one that may be uploaded; the message says why, in the user's language."""


def allowed_text() -> str:
    return _(
        "Allowed are PDF files, Word, Excel and PowerPoint files (docx, xlsx, pptx), OpenDocument files "
        "(odt, ods, odp) and images (PNG, JPEG, GIF, WebP)."
    )


def refused(reason: str = "") -> ContentRefused:
    text = reason or _("This kind of file cannot be uploaded.")
    return ContentRefused(f"{text} {allowed_text()}")


def detect(data: bytes) -> Kind:
    """The kind of file `data` is, or ContentRefused."""
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(data, "png")
    if data.startswith(b"\xff\xd8\xff"):
        return _image(data, "jpeg")
    if data.startswith((b"GIF87a", b"GIF89a")):
        return _image(data, "gif")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _image(data, "webp")
    if data.startswith(b"PK\x03\x04"):
        return _zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise refused(_("Old Office files (doc, xls, ppt) cannot be uploaded: save the file as docx, xlsx or pptx."))
    raise refused()


def _pdf(data: bytes) -> Kind:
    try:
        check_pdf(data)
    except ScanRefused as refusal:
        raise ContentRefused(str(refusal)) from refusal
    return KINDS["pdf"]


def _image(data: bytes, key: str) -> Kind:
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[key]]) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise refused(_("The image is too large."))
            image.verify()
    except ContentRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused(_("The image cannot be read.")) from error
    return KINDS[key]


def _zip(data: bytes) -> Kind:
    damaged = _("The file is damaged or protected with a password.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refused(damaged) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > ZIP_MAX_UNPACKED:
            raise refused(_("The file unpacks to too much data."))
        if any(e.flag_bits & 0x1 for e in entries):
            raise refused(damaged)
        names = {e.filename for e in entries}
        if any(n.lower().endswith("vbaproject.bin") or n.startswith(("Basic/", "Scripts/")) for n in names):
            raise refused(_("Files with macros cannot be uploaded."))
        kind = _opendocument(archive, names) or _ooxml(names)
        if kind is None:
            raise refused()
        try:
            bad = archive.testzip()  # reads every entry: bounded by the declared sizes checked above
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as error:
            raise refused(damaged) from error
        if bad is not None:
            raise refused(damaged)
    return kind


def _opendocument(archive, names) -> Kind | None:
    if "mimetype" not in names:
        return None
    try:
        with archive.open("mimetype") as entry:
            mimetype = entry.read(100).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    return OPENDOCUMENT.get(mimetype)


def _ooxml(names) -> Kind | None:
    if "[Content_Types].xml" not in names:
        return None
    found = {kind.key: kind for folder, kind in OOXML_FOLDERS.items() if any(n.startswith(folder) for n in names)}
    return next(iter(found.values())) if len(found) == 1 else None
