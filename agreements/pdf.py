"""The draft agreement as an accessible PDF."""

from django.utils import translation

from agreements import document
from agreements.models import Draft, DraftVersion, Signatory
from core.cache import cached, depends_on
from core.pdf import STATIC_DIR, render_pdf, static_only_fetcher
from neighbourhoods.branding import pdf_brand
from neighbourhoods.models import Municipality
from partnerships.models import Initiative, Partnership

__all__ = ["STATIC_DIR", "render", "render_cached", "static_only_fetcher"]


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


def render_cached(version, *, municipality=None) -> bytes:
    """`render`, kept in the cache (core.cache) until a table it read is written.

    A version's text is frozen, so its PDF is downloaded far more often than anything in it
    changes; rendering takes a few hundred milliseconds (an agreed version also becomes PDF/A).
    The version, its draft, partnership and initiative and the municipality were read for the
    permission check before the computation: they count as dependencies explicitly."""

    def compute():
        depends_on(DraftVersion, Draft, Partnership, Initiative, Municipality, Signatory)
        return render(version, municipality=municipality)

    key = (version.pk, municipality.pk if municipality else None, translation.get_language())
    return cached("agreement_version_pdf", key, compute)
