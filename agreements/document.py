"""The content of an agreement document, once, for every format (PDF and Word).

A frozen version holds the sections, the parties, the activities and the signatories as they
were; this module decides what the document shows of them: sections with text (empty ones are
left out), the activities once (as the table of the activities section), a signature block per
party and the record of agreement (which version, agreed by whom on each side and when).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

ACTIVITY_HEADERS = ["Wat", "Wie", "Uiterlijk", "Status"]
ACTIVITY_CAPTION = "Activiteiten en inzet per partij"


@dataclass
class Section:
    number: int
    key: str
    title: str
    text: str
    activities: list = field(default_factory=list)


@dataclass
class SignatureBlock:
    party: str
    name: str
    function: str
    mandate: str = ""


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i") if moment else ""


def _who(user) -> str:
    return (user.full_name or user.email) if user else ""


def sections(version) -> list[Section]:
    """The sections the document shows, numbered in order: those with text, and the activities
    section when there are activities (their table is part of it)."""
    shown = []
    for s in version.sections:
        acts = version.activities if s["key"] == "activiteiten" else []
        if not (s.get("text") or "").strip() and not acts:
            continue
        shown.append(Section(len(shown) + 1, s["key"], s["title"], s.get("text") or "", acts))
    if version.activities and not any(s.activities for s in shown):
        # A draft without an activities section still lists its activities, once.
        shown.append(Section(len(shown) + 1, "activiteiten", "Activiteiten", "", version.activities))
    return shown


def signature_blocks(version) -> list[SignatureBlock]:
    """One block per signatory of each side; a side without named signatories gets an empty block."""
    parties = version.parties or {}
    chosen = parties.get("signatories") or {}
    blocks = []
    for side, party in (
        ("municipality", parties.get("municipality", "")),
        ("initiative", parties.get("initiative", "")),
    ):
        people = chosen.get(side) or [{"name": "", "function": "", "mandate": ""}]
        blocks += [
            SignatureBlock(party, p.get("name", ""), p.get("function", ""), p.get("mandate", "")) for p in people
        ]
    return blocks


def record_of_agreement(version) -> list[tuple[str, str]]:
    """Rows of (what, value): the version and who agreed to it on each side, and when."""
    parties = version.parties or {}
    rows = [("Versie", f"{version.number}, vastgesteld op {_when(version.frozen_at)}")]
    for side, label in (
        ("municipality", parties.get("municipality", "")),
        ("initiative", parties.get("initiative", "")),
    ):
        at, by = getattr(version, f"{side}_agreed_at"), getattr(version, f"{side}_agreed_by")
        value = f"{_who(by)}, {_when(at)}" if at else "nog niet akkoord"
        rows.append((f"Akkoord namens {label}", value))
    if version.college_decision_date:
        rows.append(
            (
                "Besluit van het college",
                f"{date_format(version.college_decision_date, 'j F Y')}, kenmerk {version.college_decision_reference}"
                if version.college_decision_reference
                else date_format(version.college_decision_date, "j F Y"),
            )
        )
    return rows


def context(version) -> dict:
    shown = sections(version)
    return {
        "shown_sections": shown,
        # The signature blocks close the "ondertekening" section, or a heading of their own.
        "signing_section": any(s.key == "ondertekening" for s in shown),
        "signature_blocks": signature_blocks(version),
        "record": record_of_agreement(version),
        "activity_headers": ACTIVITY_HEADERS,
        "activity_caption": ACTIVITY_CAPTION,
    }
