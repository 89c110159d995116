"""The draft agreement as an accessible PDF."""

from agreements import document
from core.pdf import STATIC_DIR, render_pdf, static_only_fetcher
from neighbourhoods.branding import pdf_brand

__all__ = ["STATIC_DIR", "render", "static_only_fetcher"]


def render(version, *, municipality=None) -> bytes:
    """A concept is PDF/UA-1; a version both sides agreed to is archive grade: PDF/A-2a and PDF/UA-1."""
    return render_pdf(
        "agreements/pdf.html",
        {
            "version": version,
            "draft": version.draft,
            "municipality": municipality,
            "concept": not version.agreed_by_both,
            "brand": pdf_brand(municipality),
            **document.context(version),
        },
        archival=version.agreed_by_both,
    )
