"""Needs, shared goals and activities are added in place on the partnership page (htmx), without
a page load, with the same validation; the same steps work with JavaScript off (the forms have
their own pages, post and redirect). Focus follows: the error summary, then the new item."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partnerships import services
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

PASSWORD = "een-goed-wachtwoord"
NEEDS = ["Bereik van bewoners in de straat", "Een zaal voor de buurtavond", "Procesgeld voor de trekkers"]
GOALS = ["Samen 100 woningen isoleren", "Een warmteplan voor de wijk"]
ACTIVITIES = ["Buurtavond organiseren", "Flyers verspreiden", "Warmtescan aanvragen"]


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_needs_goals_and_activities_are_added_in_place(
    javascript, browser, live_server, transactional_db, assert_accessible, request
):
    staff = UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    partnership = PartnershipFactory(initiative=InitiativeFactory(name="Zonnig Zuid (fictief)"))
    conversation = services.add_conversation(
        partnership, actor=staff, values={"date": datetime.date(2026, 10, 1), "summary": "Eerste gesprek"}
    )
    context = browser.new_context(locale="nl-NL", java_script_enabled=javascript)
    request.addfinalizer(context.close)
    page = context.new_page()
    log_in(page, live_server, "mo@gemeente.example")
    url = f"{live_server.url}/partnerschappen/{partnership.pk}/"
    page.goto(url)
    article = page.locator(f"#gesprek-{conversation.pk}")
    if javascript:
        page.evaluate("window.__nogDezelfdePagina = true")
        check = assert_accessible
    else:
        # axe runs as a script: with JavaScript off it checks the same HTML in a page that has it.
        checker_context = browser.new_context(locale="nl-NL")
        request.addfinalizer(checker_context.close)
        checker = checker_context.new_page()
        checker.goto(live_server.url + "/healthz/")

        def check(page):
            checker.set_content(page.content())
            assert_accessible(checker)

    # An empty need: the same server-side errors, in place, and the focus on the summary.
    article.get_by_role("link", name="Behoefte toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator("[data-error-summary]") if javascript else page.locator("#foutmeldingen")
    expect(summary).to_contain_text("Omschrijving")
    if javascript:  # without JavaScript the page loads with the summary on top
        expect(summary).to_be_focused()
    check(page)
    if not javascript:
        page.goto(url)
    else:
        page.get_by_role("link", name="Annuleren").click()
        expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)

    for description in NEEDS:
        article.get_by_role("link", name="Behoefte toevoegen").click()
        page.get_by_label("de gemeente heeft nodig van het initiatief").check()
        page.get_by_label("Categorie").select_option(label="bereik in de buurt")
        page.get_by_label("Omschrijving").fill(description)
        page.get_by_role("button", name="Opslaan").click()
        item = article.get_by_role("listitem").filter(has_text=description)
        expect(item).to_be_visible()
        if javascript:
            expect(item).to_be_focused()
            expect(page.locator("#meldingen")).to_contain_text("De behoefte is toegevoegd.")
    check(page)

    for description in GOALS:
        article.get_by_role("link", name="Gezamenlijk doel toevoegen").click()
        page.get_by_label("Gezamenlijk doel").fill(description)
        page.get_by_role("button", name="Opslaan").click()
        expect(article.get_by_role("listitem").filter(has_text=description)).to_be_visible()
    check(page)

    activities = page.locator("#activiteiten-sectie")
    for what in ACTIVITIES:
        activities.get_by_role("link", name="Activiteit toevoegen").click()
        page.get_by_role("textbox", name=re.compile("^Wat")).fill(what)
        page.get_by_label("Verantwoordelijk*", exact=True).select_option(label="nog niet bepaald")
        page.get_by_role("button", name="Opslaan").click()
        row = activities.get_by_role("row").filter(has_text=what)
        expect(row).to_be_visible()
        if javascript:
            expect(row).to_be_focused()
    check(page)

    # Editing a need in place.
    article.get_by_role("link", name=re.compile(f"^(bewerken|wijzigen) {NEEDS[0][:20]}")).click()
    page.get_by_label("Omschrijving").fill("Bereik van alle bewoners in de straat")
    page.get_by_role("button", name="Opslaan").click()
    expect(article.get_by_text("Bereik van alle bewoners in de straat")).to_be_visible()

    assert page.url.rstrip("/").endswith(f"/partnerschappen/{partnership.pk}")
    if javascript:
        assert page.evaluate("window.__nogDezelfdePagina === true"), "a full page load happened"
    page.reload()
    for text in NEEDS[1:] + GOALS:  # each saved once
        expect(article.get_by_role("listitem").filter(has_text=text)).to_have_count(1)
    for what in ACTIVITIES:
        expect(activities.get_by_role("row").filter(has_text=what)).to_have_count(1)
