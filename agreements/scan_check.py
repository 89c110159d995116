"""The content check of a signed scan: a PDF that can be read, without active content.

A signed agreement is a scan or a printed PDF: pages and images. Anything a PDF reader would run
or open by itself is refused: JavaScript (/JS, /JavaScript, also as /OpenAction), additional
actions (/AA), launching programs (/Launch), other files (/GoToR, /GoToE, /ImportData,
/SubmitForm), multimedia (/RichMedia, /Rendition) and embedded files (/EmbeddedFile(s), /EF,
file-attachment annotations), and XFA forms (/XFA, which carry their own scripts). Every object
reachable from the trailer is inspected (pypdf resolves references and object streams), not just
the first and last bytes.
"""

import io

from django.utils.translation import gettext as _

# Keys that are active content wherever they appear.
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "AA",
    "/Launch": "Launch",
    "/EmbeddedFile": "EmbeddedFile",
    "/EmbeddedFiles": "EmbeddedFiles",
    "/EF": "EmbeddedFile",
    "/RichMedia": "RichMedia",
    "/XFA": "XFA",
}
# Action types (/S) that run something or reach outside the document. Links (/URI) and jumps
# inside the document (/GoTo) are harmless and appear in PDFs printed from a browser.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/GoToR",
    "/GoToE",
    "/ImportData",
    "/SubmitForm",
    "/RichMediaExecute",
    "/Rendition",
}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"}
# More objects than this is not a scan; checking it would cost too much.
MAX_OBJECTS = 100_000


class ScanRefused(Exception):
    """The file is not a plain PDF; the message says why, in the user's language."""


def check_pdf(data: bytes) -> None:
    """Raise ScanRefused unless `data` is a readable PDF without active content."""
    try:
        found = _active_content(data)
    except ScanRefused:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        raise ScanRefused(
            _("The PDF cannot be read. Save or scan the document again as a PDF and upload that file.")
        ) from error
    if found:
        raise ScanRefused(
            _(
                "The PDF contains scripts, automatic actions or embedded files (%(found)s). Upload a plain "
                "scan, or print the document to a new PDF first."
            )
            % {"found": ", ".join(sorted(found))}
        )


def _active_content(data: bytes) -> set[str]:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ScanRefused(_("The PDF is protected with a password. Upload a version without a password."))
    # Reading the pages proves the document structure is there (a catalog with a page tree).
    if len(reader.pages) == 0:
        raise ValueError("no pages")

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise ScanRefused(
                    _("The PDF is too complex to check (more than %(count)s objects).") % {"count": MAX_OBJECTS}
                )
            stack.append(obj.get_object())
        elif isinstance(obj, DictionaryObject):  # also a stream's dictionary
            for name, value in obj.items():
                if name in ACTIVE_KEYS:
                    found.add(ACTIVE_KEYS[name])
                elif isinstance(value, NameObject) and (
                    (name == "/S" and value in ACTIVE_ACTIONS)
                    or (name == "/Subtype" and value in ACTIVE_SUBTYPES)
                    or (name == "/Type" and value == "/EmbeddedFile")
                ):
                    found.add(value[1:])
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found
