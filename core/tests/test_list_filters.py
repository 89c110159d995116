"""List filters go through forms: a huge number (or a NUL, or 5,000 digits) in the query string
gives a Dutch message on the page, never a 500 (OverflowError on SQLite, DataError or ValueError
on PostgreSQL). Run on both databases."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from neighbourhoods.models import Role
from neighbourhoods.tests.factories import BuurtFactory
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
IGNORED = "Een filter kon niet worden gebruikt en is genegeerd:"
CHOOSE = "Kies een van de mogelijkheden uit de lijst."
NOT_DOWNLOADED = "Deze lijst kan met deze filters niet worden gedownload"
HOSTILE = [HUGE, "9" * 5000, "-1", "0", "12abc", "a\x00b"]


@pytest.fixture
def data():
    contact = UserFactory()
    InitiativeFactory(name="Met contact", contact=contact)
    InitiativeFactory(name="Ander initiatief", contact=UserFactory())
    BuurtFactory(name="Testbuurt")
    return contact


@pytest.mark.parametrize("value", [HUGE, "9" * 5000, "-1", "0", "12abc"])
@pytest.mark.parametrize(
    "url_name, param, label",
    [("initiatives:list", "contact", "Contactpersoon"), ("neighbourhoods:list", "rol", "Rol")],
)
def test_a_list_shows_a_dutch_message_for_an_impossible_number(client, lezer, data, url_name, param, label, value):
    client.force_login(lezer)
    response = client.get(reverse(url_name), {param: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert IGNORED in page and f">{label}</a>: {CHOOSE}" in page
    # The filter is ignored, the list is still there.
    assert ("Met contact" in page) if url_name == "initiatives:list" else ("Testbuurt" in page)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name, param", [("initiatives:export", "contact"), ("neighbourhoods:export", "rol")])
def test_an_export_with_an_impossible_number_is_refused_with_the_message(client, lezer, data, url_name, param, fmt):
    client.force_login(lezer)
    response = client.get(reverse(url_name), {param: HUGE, "formaat": fmt})
    assert response.status_code == 400
    page = response.content.decode()
    assert NOT_DOWNLOADED in page and CHOOSE in page


def test_valid_filters_still_filter(client, lezer, data):
    client.force_login(lezer)
    page = client.get(reverse("initiatives:list"), {"contact": data.pk}).content.decode()
    assert "Met contact" in page and "Ander initiatief" not in page and IGNORED not in page
    role = Role.objects.first()
    page = client.get(reverse("neighbourhoods:list"), {"rol": role.pk}).content.decode()
    assert IGNORED not in page and "Testbuurt" not in page  # no buurt has that role yet


def test_a_nul_character_in_a_text_filter_is_reported(client, lezer, data):
    client.force_login(lezer)
    for url_name, param in [("initiatives:list", "q"), ("neighbourhoods:list", "wijk"), ("neighbourhoods:list", "q")]:
        response = client.get(reverse(url_name), {param: "WK\x00"})
        assert response.status_code == 200 and IGNORED in response.content.decode()


def test_the_bulk_role_page_reports_an_impossible_district(client, medewerker, data):
    client.force_login(medewerker)
    response = client.get(reverse("neighbourhoods:bulk_role"), {"wijk": "WK\x00"})
    assert response.status_code == 200 and IGNORED in response.content.decode()


LIST_URLS = [
    "initiatives:list",
    "initiatives:export",
    "partnerships:list",
    "partnerships:export",
    "neighbourhoods:list",
    "neighbourhoods:export",
    "overview:map",
    "neighbourhoods:bulk_role",
    "audit:events",
    "agreements:clauses",
    "policies:index",
    "accounts:user_list",
    "initiatives:handover",
]
PARAMS = [
    "contact",
    "rol",
    "wijk",
    "buurt",
    "thema",
    "fase",
    "q",
    "status",
    "soort",
    "warmte",
    "stap",
    "sort",
    "gemeente",
    "kleur",
    "van",
    "action",
    "actor",
    "date_from",
    "page",
]


@pytest.mark.parametrize("url_name", LIST_URLS)
def test_no_list_answers_a_hostile_parameter_with_a_500(client, beheerder, data, url_name):
    """Every list page and export, every parameter a list reads, hostile values: a page (200), a
    refusal (400) or, for a page number beyond the last, not found (404); never a server error."""
    client.force_login(beheerder)
    for param in PARAMS:
        for value in [HUGE, "9" * 5000, "a\x00b"]:
            response = client.get(reverse(url_name), {param: value})
            assert response.status_code in (200, 400, 404), (param, value, response.status_code)
            assert response.status_code != 404 or param == "page", (param, value)
