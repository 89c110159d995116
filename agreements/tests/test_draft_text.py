"""Draft text: the structured text of a section (paragraphs, lists, bold, and HTML escaped), and
which sections each form of agreement has."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.reference import ALL, FORM_SECTIONS, sections_for
from agreements.tests.helpers import section
from agreements.text import to_html

pytestmark = pytest.mark.django_db


# --- structured text ---------------------------------------------------------------------------


def test_paragraphs_are_split_on_blank_lines_and_lines_joined_with_a_break():
    html = to_html("Eerste alinea\nregel twee\n\n\nTweede alinea")
    assert html == "<p>Eerste alinea<br>regel twee</p>\n<p>Tweede alinea</p>"


def test_lines_starting_with_a_dash_are_a_list_and_double_stars_are_bold():
    html = to_html("Inleiding met **nadruk**\n\n- een\n- **twee** en drie")
    assert (
        html
        == "<p>Inleiding met <strong>nadruk</strong></p>\n<ul><li>een</li><li><strong>twee</strong> en drie</li></ul>"
    )


def test_a_block_mixing_list_and_plain_lines_is_a_paragraph():
    assert to_html("Tekst\n- geen lijst") == "<p>Tekst<br>- geen lijst</p>"


def test_empty_text_gives_nothing():
    assert to_html("") == "" and to_html(None) == "" and to_html("\n\n  \n") == ""


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=file:///etc/passwd>", "&lt;img src=file:///etc/passwd&gt;"),
        ("- <script>alert(1)</script>", "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>"),
        ("**<img src=file:///etc/passwd>**", "<strong>&lt;img src=file:///etc/passwd&gt;</strong>"),
        ('" onmouseover="alert(1)', "&quot; onmouseover=&quot;alert(1)"),
    ],
)
def test_html_in_the_text_is_escaped_never_a_tag(text, escaped):
    html = to_html(text)
    assert escaped in html
    assert "<script" not in html and "<img" not in html


def test_html_in_a_section_is_escaped_on_the_draft_page(client, draft, medewerker):
    services.update_section(
        section(draft, "doel"),
        actor=medewerker,
        expected_version=draft.version,
        text="<script>alert(1)</script>\n\n<img src=file:///etc/passwd>",
    )
    client.force_login(medewerker)
    page = client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=file:///etc/passwd&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=file:///etc/passwd>" not in page


# --- sections per form -------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORM_SECTIONS))
def test_each_form_has_its_sections_in_document_order_with_three_always_required(form):
    result = sections_for(form, project_development=False)
    keys = [key for key, _required in result]
    assert keys == sorted(FORM_SECTIONS[form], key=ALL.index)
    assert [key for key, required in result if required] == ["partijen", "doel", "ondertekening"]


def test_the_lightest_form_has_six_sections():
    assert sections_for("afsprakenlijst", project_development=False) == [
        ("partijen", True),
        ("doel", True),
        ("activiteiten", False),
        ("overleg", False),
        ("looptijd", False),
        ("ondertekening", True),
    ]


def test_project_development_adds_roles_phasing_and_financing_even_to_a_list_of_agreements():
    assert sections_for("afsprakenlijst", project_development=True) == [
        ("partijen", True),
        ("doel", True),
        ("rolverdeling", True),
        ("activiteiten", False),
        ("overleg", False),
        ("fasering", True),
        ("financiering", True),
        ("looptijd", False),
        ("ondertekening", True),
    ]


@pytest.mark.parametrize("form", list(FORM_SECTIONS))
def test_project_development_makes_roles_phasing_and_financing_required_in_every_form(form):
    result = dict(sections_for(form, project_development=True))
    assert {k for k, required in result.items() if required} == {
        "partijen",
        "doel",
        "ondertekening",
        "rolverdeling",
        "fasering",
        "financiering",
    }
    keys = [key for key, _required in sections_for(form, project_development=True)]
    assert keys == sorted(keys, key=ALL.index)
