"""Choosing neighbourhoods: a list of checkboxes; JavaScript adds a filter box and a "chosen: ..."
line, so what is ticked stays in view and one click never drops the rest."""

import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods.tests.factories import BuurtFactory

PASSWORD = "een-goed-wachtwoord"


def test_neighbourhoods_are_chosen_from_a_filterable_checkbox_list(
    page, live_server, transactional_db, assert_accessible
):
    UserFactory(email="mo@gemeente.example", role=Role.MEDEWERKER)
    for name in ["Zonnebuurt", "Maanwijk-Noord", "Sterrenkwartier", "Zonnehof"]:
        BuurtFactory(name=name)
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("mo@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(live_server.url + "/initiatieven/nieuw/")
    expect(page.locator("text=Ctrl")).to_have_count(0)

    page.get_by_label("Zonnebuurt").check()
    summary = page.locator(".choice-summary")
    expect(summary).to_contain_text("Gekozen: Zonnebuurt")
    page.get_by_label("Filter de lijst").fill("maan")
    expect(page.get_by_label("Zonnebuurt")).to_be_hidden()
    page.get_by_label("Filter de lijst").press("Enter")  # filters, does not submit
    page.get_by_label("Maanwijk-Noord").check()
    expect(summary).to_contain_text(re.compile("Zonnebuurt.*, Maanwijk-Noord"))
    expect(page.locator(".choice-filter .form-text")).to_have_text(re.compile(r"^1 van \d+ getoond$"))
    assert "/initiatieven/nieuw/" in page.url
    assert_accessible(page)
