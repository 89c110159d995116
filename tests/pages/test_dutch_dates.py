"""Every page a role reaches, in Dutch: no English month names and no ISO dates in the visible text
(attribute values such as <time datetime> do not count)."""

import pytest

from tests.pages.crawl import ROLES, crawl, date_problems, load_demo


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_dutch_pages_show_dutch_dates(role):
    load_demo()
    pages = crawl(role)
    assert len(pages) > 10, f"{role} reached only {list(pages)}"
    problems = [problem for path, html in pages.items() for problem in date_problems(path, html)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_english_months_and_iso_dates_but_not_attributes():
    html = '<p><time datetime="2026-11-28">28 november 2026</time></p>'
    assert date_problems("/", html) == []
    assert date_problems("/", "<p>28 Nov 2026</p>")
    assert date_problems("/", "<p>on 2027-11-28</p>")
    assert date_problems("/", "<p>May 3</p>")
    assert date_problems("/", "<script>var d = '2026-01-01';</script><p>mei</p>") == []
