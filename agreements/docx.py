"""The agreement as a Word document (python-docx), for legal review and the college's approval route.

The same structure as the PDF (agreements/document.py): the title as Word's Title, each section a
real Heading 1, paragraphs and lists from the section's structured text, the activities as a real
table with a repeating header row, the signature block and the record of agreement. The app stays
the place of record: a reviewed text comes back as a new version, typed or pasted in, and the
version comparison shows what changed.
"""

import io
import re

from django.utils.formats import date_format
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from agreements import document

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _add_text(paragraph, line: str) -> None:
    """A line with **bold** as bold runs."""
    parts = BOLD.split(line)
    for i, part in enumerate(parts):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def _structured(doc, text: str) -> None:
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            for line in lines:
                _add_text(doc.add_paragraph(style="List Bullet"), line.lstrip()[2:])
        else:
            paragraph = doc.add_paragraph()
            for i, line in enumerate(lines):
                if i:
                    paragraph.add_run().add_break()
                _add_text(paragraph, line)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc, caption: str, headers: list[str], rows: list[list[str]]):
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    return table


def render(version) -> bytes:
    draft = version.draft
    parties = version.parties or {}
    doc = Document()
    doc.core_properties.title = f"{draft.title}, versie {version.number}"
    doc.core_properties.author = parties.get("municipality", "")
    doc.core_properties.language = "nl-NL"
    doc.add_heading(draft.title, level=0)
    state = (
        "door beide partijen akkoord bevonden"
        if version.agreed_by_both
        else "CONCEPT: nog niet door beide partijen akkoord bevonden"
    )
    doc.add_paragraph(
        f"{parties.get('municipality', '')} en {parties.get('initiative', '')} · versie {version.number} van "
        f"{date_format(version.frozen_at, 'j F Y')} · {state}"
    )
    shown = document.sections(version)
    for section in shown:
        doc.add_heading(f"{section.number}. {section.title}", level=1)
        _structured(doc, section.text)
        if section.activities:
            _table(
                doc,
                document.ACTIVITY_CAPTION,
                document.ACTIVITY_HEADERS,
                [[a["what"], a["responsible"], a["due"] or "–", a["status"]] for a in section.activities],
            )
        if section.key == "ondertekening":
            _signatures(doc, version)
    if not any(s.key == "ondertekening" for s in shown):
        doc.add_heading("Ondertekening", level=1)
        _signatures(doc, version)
    doc.add_heading("Vastlegging van het akkoord", level=1)
    _table(
        doc,
        f"Akkoord met versie {version.number}",
        ["Wat", "Gegeven"],
        [list(r) for r in document.record_of_agreement(version)],
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _signatures(doc, version) -> None:
    blank = "________________________"
    for block in document.signature_blocks(version):
        doc.add_heading(f"Namens {block.party}", level=2)
        function = block.function or blank
        if block.mandate:
            function += f" (mandaat: {block.mandate})"
        for label, value in (
            ("Naam", block.name or blank),
            ("Functie", function),
            ("Plaats", blank),
            ("Datum", blank),
            ("Handtekening", blank),
        ):
            doc.add_paragraph(f"{label}: {value}")
