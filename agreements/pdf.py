"""The draft agreement as an accessible PDF (PDF/UA-1: tagged, Dutch, titled, fonts embedded)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _static_only_fetcher():
    """A URL fetcher for the project's own static files (fonts, logo) only; nothing else is fetched."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            root = STATIC_DIR.resolve()
            if not url.startswith("file://"):
                raise ValueError(f"Blocked: {url}")
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if root not in path.parents:
                raise ValueError(f"Blocked: {url}")
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher(allowed_protocols={"file"})


def render(version, *, municipality=None) -> bytes:
    # WeasyPrint's import is slow; import it only when a PDF is made.
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "agreements/pdf.html",
            {
                "version": version,
                "draft": version.draft,
                "municipality": municipality,
                "concept": not version.agreed_by_both,
                "static_base": STATIC_DIR.resolve().as_uri() + "/",
            },
        )
    document = HTML(string=html, base_url=STATIC_DIR.resolve().as_uri() + "/", url_fetcher=_static_only_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
