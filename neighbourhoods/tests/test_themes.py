"""Themes: the shipped NL Design System themes load, their colours pass WCAG AA, the mapping reads
no token a theme leaves empty, and the chosen theme's stylesheets are on every page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from neighbourhoods import themes
from neighbourhoods.models import Municipality
from neighbourhoods.tests.factories import MunicipalityFactory

STATIC = settings.BASE_DIR / "static"
MAPPING = STATIC / "css" / "nl-design-tokens.css"


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_default_and_the_den_haag_theme_are_shipped():
    shipped = themes.all_themes()
    assert list(shipped)[0] == "wijkpartner"
    assert {"wijkpartner", "denhaag"} <= set(shipped)
    for theme in shipped.values():
        assert (STATIC / "themes" / theme.key / "README.md").is_file(), "each theme says where it comes from"
        for sheet in theme.stylesheets:
            assert (STATIC / sheet).is_file()
            assert f".{theme.css_class}" in (STATIC / sheet).read_text(), f"{sheet} is scoped to .{theme.css_class}"


def test_an_unknown_or_empty_key_gives_the_default_theme():
    assert themes.get("weg").key == "wijkpartner"
    assert themes.get("").key == "wijkpartner"
    assert themes.get(None).key == "wijkpartner"


@pytest.mark.parametrize("key", list(themes.all_themes()))
def test_the_main_colour_carries_white_text_and_stands_on_white(key):
    """PDF headings use the main colour on white; buttons and the header put white text on it."""
    assert contrast(themes.get(key).primary_color, "#ffffff") >= 4.5


def tokens_read_by_the_mapping() -> set[str]:
    names = set(re.findall(r"var\((--[a-z0-9-]+)", MAPPING.read_text()))
    return {n for n in names if not n.startswith(("--wp-", "--bs-"))}


def test_the_mapping_reads_nl_design_system_tokens():
    read = tokens_read_by_the_mapping()
    for token in [
        "--nl-button-primary-background-color",
        "--utrecht-button-primary-action-background-color",
        "--nl-link-color",
        "--utrecht-link-color",
        "--utrecht-document-font-family",
        "--utrecht-focus-outline-color",
        "--utrecht-page-header-background-color",
        "--utrecht-form-control-border-color",
    ]:
        assert token in read


@pytest.mark.parametrize("key", list(themes.all_themes()))
def test_no_token_the_mapping_reads_is_left_empty_by_a_theme(key):
    """`--x: ;` is a value: var(--x, fallback) would give nothing instead of the fallback."""
    empty = set()
    for sheet in themes.get(key).stylesheets:
        empty |= set(re.findall(r"(--[a-z0-9-]+)\s*:\s*;", (STATIC / sheet).read_text()))
    assert tokens_read_by_the_mapping() & empty == set()


def test_the_den_haag_theme_defines_the_tokens_of_the_main_colours():
    css = (STATIC / "themes" / "denhaag" / "index.css").read_text()
    for token in [
        "--utrecht-button-primary-action-background-color",
        "--utrecht-link-color",
        "--utrecht-document-font-family",
        "--utrecht-focus-outline-color",
        "--utrecht-page-footer-background-color",
    ]:
        assert re.search(rf"{token}\s*:\s*\S", css), token


@pytest.mark.django_db
def test_every_page_loads_the_chosen_theme(client, lezer):
    client.force_login(lezer)
    MunicipalityFactory()
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    assert '<body class="wijkpartner-theme">' in page
    assert "/static/themes/wijkpartner/theme.css" in page and "/static/css/nl-design-tokens.css" in page
    assert page.index("bootstrap.min.css") < page.index("theme.css") < page.index("nl-design-tokens.css")

    Municipality.objects.update(theme="denhaag")
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    assert '<body class="denhaag-theme">' in page
    assert "/static/themes/denhaag/index.css" in page and "/static/themes/denhaag/wijkpartner.css" in page
    assert "themes/wijkpartner/" not in page
    assert '<meta name="theme-color" content="#238541">' in page

    # A theme whose folder was removed: the default, not an error.
    Municipality.objects.update(theme="weg")
    assert 'class="wijkpartner-theme"' in client.get(reverse("neighbourhoods:list")).content.decode()


@pytest.mark.django_db
def test_without_a_municipality_profile_the_default_theme_is_used(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'class="wijkpartner-theme"' in page and "/static/themes/wijkpartner/theme.css" in page
