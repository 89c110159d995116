"""The documents pages, with documents in them, are valid HTML (the W3C Nu HTML Checker, as
tests/pages/test_valid_html.py; skipped without vnu.jar or Java) and show Dutch dates."""

import datetime

import pytest
from django.urls import reverse

from documents import services
from documents.tests import files
from documents.tests.conftest import add_document
from partnerships import services as partnership_services
from tests.pages.crawl import date_problems
from tests.pages.test_valid_html import JAR, vnu_errors

pytestmark = pytest.mark.django_db


def _pages(client, partnership, medewerker, coordinator):
    conversation = partnership_services.add_conversation(
        partnership, actor=None, values={"date": datetime.date(2026, 2, 3)}
    )
    shared = add_document(partnership, actor=medewerker, title="Wijkuitvoeringsplan", conversation=conversation)
    services.replace(shared, actor=medewerker, upload=files.upload(files.docx(), "wup.docx"), expected_version=1)
    add_document(partnership, actor=medewerker, shared=False, title="Interne afweging")
    own = add_document(partnership, actor=coordinator, title="Presentatie bewonersavond")
    pages = {}
    for who, user in (("medewerker", medewerker), ("coordinator", coordinator)):
        client.force_login(user)
        for name, args in (
            ("partnerships:detail", [partnership.pk]),
            ("documents:list", [partnership.pk]),
            ("documents:upload", [partnership.pk]),
            ("documents:detail", [shared.pk]),
            ("documents:rename", [own.pk]),
            ("documents:replace", [own.pk]),
            ("documents:remove", [own.pk]),
        ):
            response = client.get(reverse(name, args=args))
            assert response.status_code == 200, (who, name)
            pages[f"{who}-{name.replace(':', '-')}"] = response.content.decode()
    return pages


def test_the_pages_show_dutch_dates(client, partnership, medewerker, coordinator):
    pages = _pages(client, partnership, medewerker, coordinator)
    assert [p for path, html in pages.items() for p in date_problems(path, html)] == []


@pytest.mark.skipif(not JAR.exists(), reason="vnu.jar missing (make vnu)")
def test_the_pages_are_valid_html(client, partnership, medewerker, coordinator, tmp_path):
    paths = []
    for name, html in _pages(client, partnership, medewerker, coordinator).items():
        path = tmp_path / f"{name}.html"
        path.write_text(html)
        paths.append(path)
    assert vnu_errors(paths) == []
