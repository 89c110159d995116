"""Accessible PDFs (PDF/UA-1: tagged, with language and title, fonts embedded) from templates."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def static_only_fetcher():
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


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Dutch document. WeasyPrint's import is slow, so it happens here, when a PDF is made."""
    from weasyprint import HTML

    base = STATIC_DIR.resolve().as_uri() + "/"
    with translation.override("nl"):
        html = render_to_string(template_name, {**context, "static_base": base})
    return HTML(string=html, base_url=base, url_fetcher=static_only_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
