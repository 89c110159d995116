"""Accessible PDFs (PDF/UA-1: tagged, with language and title, fonts embedded) from templates, and
archive-grade ones (PDF/A-2a and PDF/UA-1 at once) for agreed agreements. See docs/signing-and-archiving.md."""

from base64 import b64encode
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The logo travels inside the document's HTML as a data: URI; the fetcher opens these and no other.
IMAGE_DATA_URIS = ("data:image/png;base64,", "data:image/jpeg;base64,")
LOGO_TYPES = {"image/png", "image/jpeg"}


@dataclass(frozen=True)
class Brand:
    """The look of a document: its main colour and the logo (PNG or JPEG) with its text.

    Templates get it as `brand`; callers put one in the context (the municipality's, see
    neighbourhoods.branding.pdf_brand), else this default is used."""

    colour: str = "#154273"
    logo: bytes = b""
    logo_type: str = ""
    logo_alt: str = ""

    def __post_init__(self):
        if self.logo and self.logo_type not in LOGO_TYPES:
            raise ValueError(f"A logo must be PNG or JPEG, not {self.logo_type!r}")

    @property
    def logo_uri(self) -> str:
        return f"data:{self.logo_type};base64,{b64encode(self.logo).decode('ascii')}" if self.logo else ""


def static_only_fetcher():
    """A URL fetcher for the project's own static files (fonts) and the logo's data: URI (PNG or
    JPEG) only; nothing else is fetched."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(IMAGE_DATA_URIS):
                return super().fetch(url, headers)
            root = STATIC_DIR.resolve()
            if not url.startswith("file://"):
                raise ValueError(f"Blocked: {url}")
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if root not in path.parents:
                raise ValueError(f"Blocked: {url}")
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols={"file", "data"})


def render_pdf(template_name: str, context: dict, *, archival: bool = False) -> bytes:
    """Render a Dutch document. WeasyPrint's import is slow, so it happens here, when a PDF is made.

    The template gets `brand` (the context's, else the default `Brand()`): `brand.colour` for
    headings and `includes/pdf_letterhead.html` for the logo.

    WeasyPrint renders PDF/UA-1, or with `archival` PDF/A-2a (tagged, sRGB output intent, fonts
    embedded, XMP identification); `finish_structure` then adds what the inspection missed (header
    cells' `Scope`, the `IDTree`) and, for PDF/A, the PDF/UA-1 identification: the tagged PDF/A-2a
    file meets PDF/UA-1's requirements that WeasyPrint's own PDF/UA-1 variant meets (language,
    title shown, tags, no untagged content)."""
    from weasyprint import HTML

    base = STATIC_DIR.resolve().as_uri() + "/"
    brand = context.get("brand") or Brand()
    with translation.override("nl"):
        html = render_to_string(template_name, {**context, "brand": brand, "static_base": base})
    data = HTML(string=html, base_url=base, url_fetcher=static_only_fetcher()).write_pdf(
        pdf_variant="pdf/a-2a" if archival else "pdf/ua-1"
    )
    return finish_structure(data, add_ua_identification=archival)


def _struct_children(element):
    kids = element.get("/K")
    if kids is None:
        return []
    if not isinstance(kids, list) and not hasattr(kids, "as_list"):
        kids = [kids]
    result = []
    for kid in kids:
        if hasattr(kid, "get") and kid.get("/S") is not None:
            result.append(kid)
    return result


def _join_split_tables(root) -> None:
    """WeasyPrint tags each page's part of a table as a table of its own, so the parts after the
    first have no caption. Join them: a Table right after a Table, without a Caption of its own,
    continues it (every table of ours has a caption). Its rows (and the header repeated on its
    page, with the header cells' IDs the cells there refer to) move into the first part."""
    import pikepdf

    stack = [root]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        if not isinstance(kids, pikepdf.Array):
            stack += _struct_children(element)
            continue
        kept = pikepdf.Array()
        previous = None
        for kid in kids:
            is_table = isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == pikepdf.Name.Table
            continues = (
                is_table
                and previous is not None
                and not any(c.get("/S") == pikepdf.Name.Caption for c in _struct_children(kid))
            )
            if continues:
                for child in _struct_children(kid):
                    child.P = previous
                    previous.K.append(child)
                continue
            kept.append(kid)
            previous = kid if is_table and isinstance(kid.get("/K"), pikepdf.Array) else None
        element.K = kept
        stack += _struct_children(element)


def _orphans_to_artifacts(pdf, root) -> None:
    """WeasyPrint marks the running header and footer ("pagina 1 van 3") as `NonStruct`/`Span`
    content that the parent tree points to but the structure tree does not hold. Such content is
    pagination: mark it as a pagination artifact and drop it from the parent tree."""
    import pikepdf

    reachable = set()
    stack = [root]
    while stack:
        element = stack.pop()
        reachable.add(element.objgen)
        stack += _struct_children(element)
    parent_tree = root.get("/ParentTree")
    nums = parent_tree.get("/Nums") if parent_tree is not None else None
    if nums is None:
        return
    arrays = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        marks = arrays.get(int(key)) if key is not None else None
        if not isinstance(marks, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(marks)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        if not orphans:
            continue
        instructions = pikepdf.parse_content_stream(page)
        changed = []
        for operands, operator in instructions:
            if (
                str(operator) == "BDC"
                and len(operands) == 2
                and isinstance(operands[1], pikepdf.Dictionary)
                and "/MCID" in operands[1]
                and int(operands[1].MCID) in orphans
            ):
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
            changed.append(pikepdf.ContentStreamInstruction(operands, operator))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(changed))
        for mcid in orphans:
            marks[mcid] = None


def finish_structure(data: bytes, *, add_ua_identification: bool = False) -> bytes:
    """Header cells get `Scope` (Column in a table head, else Row); the IDs WeasyPrint gives them
    are gathered in the structure tree's `IDTree` (ISO 32000-1, 14.7.2); optionally the PDF/UA-1
    identification is added to the XMP metadata."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        ids = {}
        if root is not None:
            _join_split_tables(root)
            stack = [(kid, None) for kid in _struct_children(root)]
            while stack:
                element, parent_tag = stack.pop()
                tag = str(element.get("/S"))
                if tag == "/TH":
                    scope = pikepdf.Name.Column if parent_tag == "/THead" else pikepdf.Name.Row
                    attributes = element.get("/A")
                    table_attributes = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
                    if attributes is None:
                        element.A = table_attributes
                    elif isinstance(attributes, pikepdf.Dictionary):
                        if attributes.get("/O") == pikepdf.Name.Table:
                            attributes.Scope = scope
                        else:
                            element.A = pikepdf.Array([attributes, table_attributes])
                    else:
                        for item in attributes:
                            if isinstance(item, pikepdf.Dictionary) and item.get("/O") == pikepdf.Name.Table:
                                item.Scope = scope
                                break
                        else:
                            attributes.append(table_attributes)
                if "/ID" in element:
                    ids[bytes(element.ID)] = element
                # Children learn the table section (THead, TBody, TFoot) they sit in; a row passes it on.
                section = tag if tag in {"/THead", "/TBody", "/TFoot"} else parent_tag if tag == "/TR" else None
                stack += [(kid, section) for kid in _struct_children(element)]
            if ids:
                names = pikepdf.Array()
                for key in sorted(ids):
                    names.append(pikepdf.String(key))
                    names.append(ids[key])
                root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))
            _orphans_to_artifacts(pdf, root)
        if add_ua_identification:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
                meta["{http://www.aiim.org/pdfua/ns/id/}part"] = "1"
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
