"""The signed agreement as an archive package (zip) with metadata in MDTO.

MDTO (Metagegevens voor duurzaam toegankelijke overheidsinformatie, Nationaal Archief, XML in the
namespace https://www.nationaalarchief.nl/mdto) describes the agreement as one `informatieobject`
and each file as a `bestand` that represents it. The package holds:

- `<titel>-getekend.pdf`: the signed scan: its archival PDF/A-2u copy when one was made at upload
  (`agreements/scan_pdfa.py`), else the upload as it is, named a plain PDF (the SHA-256 of the upload
  and of the copy are kept on the SignedScan);
- `<titel>-v<n>.pdf`: the agreed version as rendered here: PDF/A-2a and PDF/UA-1;
- `informatieobject.mdto.xml` and one `<bestand>.mdto.xml` per file.

See docs/archiving.md for the fields and the choices (waardering, bewaartermijn) an archivist checks.
"""

import hashlib
import io
import zipfile
from xml.etree.ElementTree import Element, SubElement, tostring

from django.utils import timezone

from agreements import pdf
from core.downloads import download_filename

NS = "https://www.nationaalarchief.nl/mdto"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"
SOURCE = "Wijkpartner"
# Selectielijst gemeenten en intergemeentelijke organen: an agreement with a resident initiative is
# kept for ten years after it ends, unless the archivist decides otherwise.
WAARDERING = {"code": "V", "label": "Tijdelijk te bewaren"}
BEWAARTERMIJN = {"looptijd": "P10Y", "trigger": "Einde looptijd van de overeenkomst"}
# PRONOM: fmt/476 PDF/A-2a, fmt/477 PDF/A-2b, fmt/478 PDF/A-2u (fmt/479 is PDF/A-3a).
PRONOM_PDFA_2A = ("fmt/476", "PDF/A-2a")
PRONOM_PDFA_2B = ("fmt/477", "PDF/A-2b")
PRONOM_PDFA_2U = ("fmt/478", "PDF/A-2u")
PRONOM_PDF = ("fmt/276", "Acrobat PDF 1.7 - Portable Document Format")


class NotSigned(Exception):
    """The draft has no signed scan: there is nothing to archive yet."""


def _text(parent, tag, value):
    element = SubElement(parent, tag)
    element.text = str(value)
    return element


def _identification(parent, kenmerk, bron=SOURCE, tag="identificatie"):
    element = SubElement(parent, tag)
    _text(element, "identificatieKenmerk", kenmerk)
    _text(element, "identificatieBron", bron)
    return element


def _begrip(parent, tag, label, lijst, code=None):
    element = SubElement(parent, tag)
    _text(element, "begripLabel", label)
    if code:
        _text(element, "begripCode", code)
    _text(SubElement(element, "begripBegrippenlijst"), "verwijzingNaam", lijst)
    return element


def _verwijzing(parent, tag, naam, kenmerk=None, bron=SOURCE):
    element = SubElement(parent, tag)
    _text(element, "verwijzingNaam", naam)
    if kenmerk:
        _identification(element, kenmerk, bron, tag="verwijzingIdentificatie")
    return element


def _document(child_tag):
    root = Element("MDTO", {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA})
    return root, SubElement(root, child_tag)


def _xml(root) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def object_id(draft) -> str:
    return f"wijkpartner-overeenkomst-{draft.pk}"


def informatieobject(draft, version, scan, municipality, files) -> bytes:
    root, obj = _document("informatieobject")
    _identification(obj, object_id(draft))
    _text(obj, "naam", draft.title)
    _begrip(obj, "aggregatieniveau", "Archiefstuk", "Begrippenlijst Aggregatieniveaus MDTO")
    _text(
        obj,
        "omschrijving",
        f"{draft.get_form_display()} tussen {version.parties.get('municipality', '')} en "
        f"{version.parties.get('initiative', '')}, versie {version.number}, ondertekend op {scan.signed_on}.",
    )
    coverage = SubElement(obj, "dekkingInTijd")
    _begrip(coverage, "dekkingInTijdType", "Looptijd", "Begrippenlijst Dekking in Tijd MDTO")
    _text(coverage, "dekkingInTijdBegindatum", scan.signed_on.isoformat())
    _text(obj, "taal", "nl")
    event = SubElement(obj, "event")
    _begrip(event, "eventType", "Ondertekening", "Begrippenlijst Events MDTO")
    _text(event, "eventTijd", scan.signed_on.isoformat())
    _begrip(obj, "waardering", WAARDERING["label"], "Begrippenlijst Waarderingen MDTO", code=WAARDERING["code"])
    term = SubElement(obj, "bewaartermijn")
    _text(term, "termijnTriggerStartLooptijd", BEWAARTERMIJN["trigger"])
    _text(term, "termijnLooptijd", BEWAARTERMIJN["looptijd"])
    for name in files:
        _verwijzing(obj, "heeftRepresentatie", name, f"{object_id(draft)}/{name}")
    municipality_name = municipality.name if municipality else version.parties.get("municipality", "")
    _verwijzing(
        obj,
        "archiefvormer",
        municipality_name,
        municipality.cbs_code if municipality else None,
        "CBS-gemeentecode",
    )
    for side, role in (("municipality", "Partij (gemeente)"), ("initiative", "Partij (bewonersinitiatief)")):
        involved = SubElement(obj, "betrokkene")
        _begrip(involved, "betrokkeneTypeRelatie", role, "Begrippenlijst Typen Relaties MDTO")
        _verwijzing(involved, "betrokkeneActor", version.parties.get(side, ""))
    restriction = SubElement(obj, "beperkingGebruik")
    _begrip(restriction, "beperkingGebruikType", "Geen beperking bekend", "Begrippenlijst Beperkingen MDTO")
    return _xml(root)


def bestand(draft, name: str, data: bytes, formaat: tuple[str, str]) -> bytes:
    root, obj = _document("bestand")
    _identification(obj, f"{object_id(draft)}/{name}")
    _text(obj, "naam", name)
    _text(obj, "omvang", len(data))
    _begrip(obj, "bestandsformaat", formaat[1], "PRONOM-register", code=formaat[0])
    checksum = SubElement(obj, "checksum")
    _begrip(checksum, "checksumAlgoritme", "SHA-256", "Begrippenlijst Checksum Algoritme MDTO")
    _text(checksum, "checksumWaarde", hashlib.sha256(data).hexdigest())
    _text(checksum, "checksumDatum", timezone.now().replace(microsecond=0).isoformat())
    _verwijzing(obj, "isRepresentatieVan", draft.title, object_id(draft))
    return _xml(root)


def package(draft, *, municipality=None) -> bytes:
    """The zip of the newest signed scan, its agreed version's PDF/A and their MDTO metadata."""
    scan = draft.scans.select_related("version").first()
    if scan is None:
        raise NotSigned(draft.pk)
    version = scan.version
    signed_file, signed_format = (scan.archival_file, PRONOM_PDFA_2U) if scan.is_pdfa else (scan.file, PRONOM_PDF)
    with signed_file.open("rb") as handle:
        signed = handle.read()
    agreed = pdf.render(version, municipality=municipality)
    title = download_filename(draft.title)
    files = {
        f"{title}-getekend.pdf": (signed, signed_format),
        f"{title}-v{version.number}.pdf": (agreed, PRONOM_PDFA_2A),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (data, _formaat) in files.items():
            archive.writestr(name, data)
        archive.writestr("informatieobject.mdto.xml", informatieobject(draft, version, scan, municipality, files))
        for name, (data, formaat) in files.items():
            archive.writestr(f"{name}.mdto.xml", bestand(draft, name, data, formaat))
    return out.getvalue()
