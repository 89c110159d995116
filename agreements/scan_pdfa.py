"""The archival PDF/A-2u copy of a signed scan, made with pikepdf where that can be done honestly.

The upload itself is kept as it is (`scan_check.py` already refused active content). This module
checks the file against the PDF/A-2 rules a scan or a printed PDF can break and that can be seen in
its objects; only when none is broken does it make a copy that claims PDF/A-2u:

- every font embedded (`FontFile`, `FontFile2` or `FontFile3`) and with a `ToUnicode` map (an
  image-only scan has no fonts at all);
- no LZW and no JPEG 2000 streams (JPEG 2000 is allowed in PDF/A-2 under rules that cannot be
  checked here), no stream data in external files, no PostScript or reference XObjects;
- no DeviceCMYK (the output intent added is sRGB), in objects or in content streams (`k`, `K`,
  inline images);
- no transfer functions or halftone phases, only standard rendering intents and blend modes;
- no optional content, no form fields, no forbidden actions or annotation types, every annotation
  except links and pop-ups printable and with an appearance; PDF version at most 1.7.

What is harmless to drop is dropped in the copy (`Interpolate`, `Alternates` and `OPI` of images,
an empty form, encryption with an empty password); links are made printable. Then the copy gets one
output intent `GTS_PDFA1` with the sRGB profile WeasyPrint ships for its own PDF/A output, and XMP
metadata with `pdfaid:part=2`, `pdfaid:conformance=U`, `dc:title` and `xmp:CreateDate`, kept equal
to the document information dictionary. The page content streams are not touched.
"""

import functools
import io
from datetime import datetime
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

OUTPUT_CONDITION = "sRGB IEC61966-2.1"
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
CID_FONTS = {"/CIDFontType0", "/CIDFontType2"}
STANDARD_INTENTS = {"/RelativeColorimetric", "/AbsoluteColorimetric", "/Perceptual", "/Saturation"}
STANDARD_BLEND_MODES = {
    "/Normal",
    "/Compatible",
    "/Multiply",
    "/Screen",
    "/Overlay",
    "/Darken",
    "/Lighten",
    "/ColorDodge",
    "/ColorBurn",
    "/HardLight",
    "/SoftLight",
    "/Difference",
    "/Exclusion",
    "/Hue",
    "/Saturation",
    "/Color",
    "/Luminosity",
}
FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/JavaScript",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/GoToE",
    "/SubmitForm",
}
ALLOWED_NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie", "/FileAttachment", "/RichMedia"}
# Annotation flags (ISO 32000-1, 12.5.3).
INVISIBLE, HIDDEN, PRINT, NOVIEW, TOGGLE_NOVIEW = 1, 2, 4, 32, 256
MAX_OBJECTS = 100_000


@functools.cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint embeds in its PDF/A output."""
    return resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()


def archival_copy(data: bytes, *, title: str, created: datetime) -> tuple[bytes | None, list[str]]:
    """A PDF/A-2u copy of `data` and no problems, or None and what keeps it from being PDF/A-2u."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            problems = sorted(_problems(pdf))
            if problems:
                return None, problems
            _add_output_intent(pdf)
            _write_metadata(pdf, title, created)
            out = io.BytesIO()
            pdf.save(out, encryption=False, fix_metadata_version=True)
            return out.getvalue(), []
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError) as error:
        return None, [f"unreadable: {error.__class__.__name__}"]


def _problems(pdf: pikepdf.Pdf) -> set[str]:
    problems: set[str] = set()
    if tuple(int(part) for part in pdf.pdf_version.split(".")[:2]) > (1, 7):
        problems.add("PDF version above 1.7")
    root = pdf.Root
    if "/OCProperties" in root:
        problems.add("optional content")
    if root.get("/NeedsRendering", False):
        problems.add("NeedsRendering")
    if "/AcroForm" in root:
        form = root.AcroForm
        if len(form.get("/Fields", Array())) or form.get("/NeedAppearances", False) or "/XFA" in form:
            problems.add("form fields")
        else:
            del root["/AcroForm"]
    for obj in _reachable(pdf):
        if isinstance(obj, Array):
            continue
        problems |= _check_dictionary(obj)
    for page in pdf.pages:
        problems |= _check_content(page.obj, page)
        for annotation in page.obj.get("/Annots", Array()):
            problems |= _check_annotation(annotation)
    return problems


def _reachable(pdf: pikepdf.Pdf):
    """Every dictionary, stream and array reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, (Dictionary, Stream, Array)):
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            if len(seen) > MAX_OBJECTS:
                raise ValueError("too many objects")
        yield obj
        if isinstance(obj, Array):
            stack.extend(obj)
        else:
            stack.extend(obj[key] for key in obj.keys() if key not in ("/Parent", "/P"))


def _names(value) -> list[str]:
    if isinstance(value, Name):
        return [str(value)]
    if isinstance(value, Array):
        return [str(item) for item in value if isinstance(item, Name)]
    return []


def _check_dictionary(obj) -> set[str]:
    problems: set[str] = set()
    kind, subtype = obj.get("/Type"), obj.get("/Subtype")
    if kind == Name.Font:
        problems |= _check_font(obj)
    if isinstance(obj, Stream):
        filters = _names(obj.get("/Filter"))
        if "/LZWDecode" in filters:
            problems.add("LZW compression")
        if "/JPXDecode" in filters:
            problems.add("JPEG 2000 image")
        if "/F" in obj:
            problems.add("external stream data")
        if subtype == Name.Image:
            for key in ("/Interpolate", "/Alternates", "/OPI"):
                if key in obj:
                    del obj[key]
        if subtype == Name.PS or "/PS" in obj:
            problems.add("PostScript")
        if subtype == Name.Form:
            if "/Ref" in obj:
                problems.add("reference XObject")
            if "/OPI" in obj:
                del obj["/OPI"]
            problems |= _check_content(obj)
    for key in ("/ColorSpace", "/CS", "/Alternate"):
        if "/DeviceCMYK" in _colour_names(obj.get(key)):
            problems.add("DeviceCMYK colour")
    if "/TR" in obj or obj.get("/TR2", Name.Default) != Name.Default or "/HTP" in obj:
        problems.add("transfer function or halftone")
    for key in ("/RI", "/Intent"):
        if key in obj and isinstance(obj[key], Name) and str(obj[key]) not in STANDARD_INTENTS:
            problems.add("rendering intent")
    if "/BM" in obj and any(name not in STANDARD_BLEND_MODES for name in _names(obj.BM)):
        problems.add("blend mode")
    # An action's /Type is optional; a structure element (/S with /K) is no action.
    action = str(obj.get("/S", "")) if kind != Name.StructElem and "/K" not in obj else ""
    if action in FORBIDDEN_ACTIONS:
        problems.add(f"action {action[1:]}")
    if action == "/Named" and str(obj.get("/N", "")) not in ALLOWED_NAMED_ACTIONS:
        problems.add("named action")
    return problems


def _colour_names(value) -> set[str]:
    if isinstance(value, Name):
        return {str(value)}
    if isinstance(value, Array):
        return {str(item) for item in value if isinstance(item, Name)}
    return set()


def _check_font(font) -> set[str]:
    subtype = font.get("/Subtype")
    if subtype in (Name.CIDFontType0, Name.CIDFontType2):
        return set() if _embedded(font) else {"font not embedded"}
    problems = set()
    if "/ToUnicode" not in font:
        problems.add("font without ToUnicode")
    if subtype == Name.Type3:
        return problems
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts", Array())
        if not len(descendants) or not _embedded(descendants[0]):
            problems.add("font not embedded")
    elif not _embedded(font):
        problems.add("font not embedded")
    return problems


def _embedded(font) -> bool:
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in FONT_FILES)


def _check_annotation(annotation) -> set[str]:
    subtype = str(annotation.get("/Subtype", ""))
    if subtype in FORBIDDEN_ANNOTATIONS:
        return {f"annotation {subtype[1:]}"}
    if subtype == "/Popup":
        return set()
    flags = int(annotation.get("/F", 0))
    if subtype == "/Link":
        annotation.F = (flags | PRINT) & ~(INVISIBLE | HIDDEN | NOVIEW | TOGGLE_NOVIEW)
        return set()
    if not flags & PRINT or flags & (INVISIBLE | HIDDEN | NOVIEW | TOGGLE_NOVIEW):
        return {"annotation not printable"}
    appearance = annotation.get("/AP")
    if appearance is None or "/N" not in appearance or set(appearance.keys()) - {"/N"}:
        return {"annotation without a normal appearance only"}
    return set()


def _check_content(stream, page=None) -> set[str]:
    """CMYK colour operators, inline images with LZW or CMYK, non-standard rendering intents."""
    problems: set[str] = set()
    for instruction in pikepdf.parse_content_stream(page if page is not None else stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            image = instruction.iimage
            if any("LZW" in str(name) for name in image.filters):
                problems.add("LZW compression")
            if "CMYK" in image.unparse().split(b"ID", 1)[0].decode("latin-1"):
                problems.add("DeviceCMYK colour")
            continue
        operator = str(instruction.operator)
        if operator in ("k", "K"):
            problems.add("DeviceCMYK colour")
        elif operator == "ri" and any(str(operand) not in STANDARD_INTENTS for operand in instruction.operands):
            problems.add("rendering intent")
    return problems


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=OUTPUT_CONDITION,
        Info=OUTPUT_CONDITION,
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _write_metadata(pdf: pikepdf.Pdf, title: str, created: datetime) -> None:
    docinfo_title = str(pdf.docinfo.get("/Title", "")).strip() if "/Info" in pdf.trailer else ""
    with pdf.open_metadata(set_pikepdf_as_editor=True, update_docinfo=True) as meta:
        if "/Info" in pdf.trailer:
            meta.load_from_docinfo(pdf.docinfo, raise_failure=False)
        meta["dc:title"] = docinfo_title or title
        if not meta.get("xmp:CreateDate"):
            meta["xmp:CreateDate"] = created.replace(microsecond=0).isoformat()
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "U"
