"""A living draft: per section, has the file changed since the section was filled from it?

Each `DraftSection` keeps the text the file gave (`source`) and what that was built from (`basis`).
`changes` reads the file once (`prefill.sources`, a fixed number of queries however many needs,
goals or activities it holds) and tells, per section whose basis differs from the file's now, the
difference and whether taking the new text over would replace text that staff wrote by hand.
"""

import difflib
import hashlib
from dataclasses import dataclass

from django.utils import translation

from agreements import prefill


@dataclass
class SourceChange:
    new_text: str
    new_basis: str
    # What changed in the file: [(kind, line)], kind "+" added, "-" removed, " " the same.
    basis_lines: list
    # The section's text now against the new text (what taking over would change).
    text_lines: list
    edited_by_hand: bool
    digest: str


def digest(basis: str) -> str:
    """A short fingerprint of a basis, posted with a takeover: the file may change again meanwhile."""
    return hashlib.sha256((basis or "").encode()).hexdigest()[:16]


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    return [
        (line[0], line[2:])
        for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines())
        if line[:1] in "+- " and line[2:].strip()
    ]


def current_sources(partnership) -> dict[str, tuple[str, str]]:
    """The file's text and basis per section key, in Dutch (the agreement is a Dutch document)."""
    with translation.override("nl"):
        return prefill.sources(partnership)


def change_of(section, sources: dict) -> SourceChange | None:
    """How the file differs from what `section` was filled from; None when it does not."""
    new_text, new_basis = sources.get(section.key, ("", ""))
    if section.basis is None:
        # A section from before drafts kept their source: its text stands for it.
        if not new_basis or section.text == new_text:
            return None
        old_basis = section.text
    elif section.basis == new_basis:
        return None
    else:
        old_basis = section.basis
    return SourceChange(
        new_text=new_text,
        new_basis=new_basis,
        basis_lines=line_diff(old_basis, new_basis),
        text_lines=line_diff(section.text, new_text),
        edited_by_hand=section.edited_by_hand and section.text != new_text,
        digest=digest(new_basis),
    )


def changes(draft, sections) -> dict[int, SourceChange]:
    """{section pk: its change} for the sections whose source changed."""
    sources = current_sources(draft.partnership)
    found = {s.pk: change_of(s, sources) for s in sections}
    return {pk: change for pk, change in found.items() if change is not None}
