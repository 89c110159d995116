"""Accessible PDFs (PDF/UA-1: tagged, with language and title, fonts embedded) from templates."""

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


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Dutch document. WeasyPrint's import is slow, so it happens here, when a PDF is made.

    The template gets `brand` (the context's, else the default `Brand()`): `brand.colour` for
    headings and `includes/pdf_letterhead.html` for the logo."""
    from weasyprint import HTML

    base = STATIC_DIR.resolve().as_uri() + "/"
    brand = context.get("brand") or Brand()
    with translation.override("nl"):
        html = render_to_string(template_name, {**context, "brand": brand, "static_base": base})
    return HTML(string=html, base_url=base, url_fetcher=static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
