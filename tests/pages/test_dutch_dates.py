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


# The two sides' pages: meetings (list, planned, held with its report), documents (list, one,
# the upload form) and the inbox. Reached by the crawl, so their dates and HTML are checked.
TWO_SIDES = [
    r"^/overleggen/samenwerking/\d+/$",
    r"^/overleggen/\d+/$",
    r"^/documenten/samenwerking/\d+/$",
    r"^/documenten/\d+/$",
    r"^/documenten/samenwerking/\d+/toevoegen/$",
    r"^/meldingen/$",
]


@pytest.mark.django_db
def test_the_crawl_reaches_meetings_documents_and_the_inbox_for_both_sides():
    import re

    from meetings.models import Meeting

    load_demo()
    held = Meeting.objects.get(report__isnull=False)
    for role in ["medewerker", "coordinator"]:
        for pages in (crawl(role), crawl(role, per_pattern=1, max_pages=60)):  # as in test_valid_html
            missing = [p for p in TWO_SIDES if not any(re.match(p, path) for path in pages)]
            assert not missing, f"{role} did not reach {missing}"
            assert (
                f"/overleggen/{held.pk}/" in pages and "Demo: de subsidieaanvraag" in pages[f"/overleggen/{held.pk}/"]
            )
    assert f"/overleggen/{held.pk}/verslag/" in crawl("medewerker", per_pattern=1, max_pages=60)
