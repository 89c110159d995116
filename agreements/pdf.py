"""The draft agreement as an accessible PDF."""

from core.pdf import STATIC_DIR, render_pdf, static_only_fetcher
from neighbourhoods.branding import pdf_brand

__all__ = ["STATIC_DIR", "render", "static_only_fetcher"]


def render(version, *, municipality=None) -> bytes:
    return render_pdf(
        "agreements/pdf.html",
        {
            "version": version,
            "draft": version.draft,
            "municipality": municipality,
            "concept": not version.agreed_by_both,
            "brand": pdf_brand(municipality),
        },
    )
