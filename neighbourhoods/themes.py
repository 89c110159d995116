"""The municipal look: themes made of NL Design System design tokens.

A theme is a folder `static/themes/<key>/` with the CSS files that define the tokens (a published
theme package's CSS, vendored unchanged, plus our own additions if needed) and a `theme.json`:

    {
      "label": {"nl": "Gemeente Den Haag", "en": "Municipality of The Hague"},
      "css_class": "denhaag-theme",          # the class the package's CSS scopes its tokens to
      "stylesheets": ["index.css", "wijkpartner.css"],
      "primary_color": "#238541",            # the primary button's colour: PDFs use it too
      "source": "...", "licence": "..."      # for people; the README in the folder says more
    }

`static/css/nl-design-tokens.css` maps Bootstrap's variables onto the tokens, so adding a folder
is all a new theme needs: no code changes. The list is read once per process.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

DEFAULT = "wijkpartner"
THEMES_DIR = Path(settings.BASE_DIR) / "static" / "themes"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CSS_CLASS = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Theme:
    key: str
    labels: dict
    css_class: str
    stylesheets: tuple  # static paths, in order
    primary_color: str  # #rrggbb

    @property
    def label(self) -> str:
        language = (get_language() or "nl").split("-")[0]
        return self.labels.get(language) or self.labels.get("nl") or self.key


def _load(folder: Path) -> Theme:
    manifest = json.loads((folder / "theme.json").read_text(encoding="utf-8"))
    key = folder.name
    css_class, colour = manifest["css_class"], manifest["primary_color"]
    if not CSS_CLASS.match(css_class) or not HEX_COLOUR.match(colour):
        raise ValueError(f"static/themes/{key}/theme.json: css_class or primary_color is not valid")
    sheets = tuple(f"themes/{key}/{name}" for name in manifest["stylesheets"])
    for sheet in sheets:
        if not (THEMES_DIR.parent / sheet).is_file():
            raise ValueError(f"static/themes/{key}/theme.json names a missing file: {sheet}")
    return Theme(key, dict(manifest["label"]), css_class, sheets, colour.lower())


@cache
def all_themes() -> dict[str, Theme]:
    """Every theme in static/themes/, the default first."""
    folders = sorted(p for p in THEMES_DIR.iterdir() if (p / "theme.json").is_file())
    themes = {folder.name: _load(folder) for folder in folders}
    if DEFAULT not in themes:
        raise ValueError(f"static/themes/{DEFAULT}/ is missing: it is the default theme")
    return {DEFAULT: themes[DEFAULT], **{k: v for k, v in themes.items() if k != DEFAULT}}


def get(key: str | None) -> Theme:
    """The theme with this key; the default for an empty or unknown key (a folder that was removed)."""
    themes = all_themes()
    return themes.get(key or DEFAULT, themes[DEFAULT])


def choices() -> list[tuple[str, str]]:
    return [(theme.key, theme.label) for theme in all_themes().values()]
