"""A meeting's report as an accessible PDF (PDF/UA-1: tagged, Dutch, with its title), like the
draft agreements (agreements/pdf.py), on core.pdf."""

from core.pdf import render_pdf
from neighbourhoods.branding import pdf_brand


def render(meeting, report, *, comments=(), activities=(), municipality=None) -> bytes:
    return render_pdf(
        "meetings/report_pdf.html",
        {
            "meeting": meeting,
            "report": report,
            "participants": list(meeting.participants.all()),
            "comments": list(comments),
            "activities": list(activities),
            "municipality": municipality,
            "brand": pdf_brand(municipality),
        },
    )
