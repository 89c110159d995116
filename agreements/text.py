"""Plain structured text for agreement sections: safe by construction.

Users write paragraphs (separated by a blank line), lists (lines starting with "- ") and
**bold**. Everything else is text: the input is escaped first, so no HTML a user types ever
reaches a page or the PDF.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(line: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(line))


def to_html(text: str) -> str:
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308  (every piece of user text was escaped above)
