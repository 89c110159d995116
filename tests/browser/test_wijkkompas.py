import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory
from wijkkompas.models import Node, Phase, Track
from wijkkompas.reference_data import seed

PASSWORD = "een-goed-wachtwoord"


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_both_sides_fill_in_a_discussion_and_a_second_one_shows_the_difference(
    page, browser, live_server, transactional_db, assert_accessible, request
):
    seed(Track, Phase, Node)  # transactional_db flushed the data migration's rows
    UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    partnership = PartnershipFactory(initiative__name="Zonnig Zuid (fictief)", intensity="zwaar")
    cor = UserFactory(email="cor@initiatief.example", full_name="Cor Coördinator", role=Role.COORDINATOR)
    CoordinatorAccess.objects.create(user=cor, initiative=partnership.initiative)

    # Staff open the method and start a discussion.
    log_in(page, live_server, "mo@gemeente.example")
    page.get_by_role("link", name="Wijkkompas", exact=True).click()
    expect(page.get_by_role("columnheader", name=re.compile("Samen starten"))).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/partnerschappen/{partnership.pk}/")
    page.get_by_role("link", name="Wijkkompas-gesprekken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Gesprek starten").click()
    discussion_url = page.url
    assert_accessible(page)

    # The municipality's side, with its own role and effort on every track.
    page.get_by_role("link", name="De kant van de gemeente invullen").click()
    for key in "ABCDEF":
        page.get_by_role("group", name=f"Actief op spoor {key}?").get_by_label(
            "ja, actief" if key in "AC" else "nee"
        ).check()
        page.get_by_label(f"Eigen rol en inzet van de gemeente op spoor {key}").fill(f"Inzet op {key}")
    page.get_by_label("In welke fase zitten we nu?").select_option(label="1. Samen starten")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw antwoorden zijn opgeslagen.")).to_be_visible()

    # The coordinator fills in the initiative's side and a node they need the municipality for.
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)
    cpage = context.new_page()
    log_in(cpage, live_server, "cor@initiatief.example")
    cpage.goto(discussion_url)
    assert_accessible(cpage)
    cpage.get_by_role("link", name="De kant van het initiatief invullen").click()
    cpage.get_by_role("group", name="Actief op spoor A?").get_by_label("ja, actief").check()
    cpage.get_by_label("Toelichting bij spoor A").fill("Wij organiseren buurtavonden.")
    cpage.get_by_label("In welke fase zitten we nu?").select_option(label="2. Karakteriseren van het gebied")
    assert_accessible(cpage)
    cpage.get_by_role("button", name="Opslaan").click()
    cpage.get_by_role("link", name="Knooppunt toevoegen waarvoor we elkaar nodig hebben").click()
    cpage.get_by_label("Knooppunt").select_option(label="1. Samenwerking bewonersinitiatieven opstarten")
    cpage.get_by_label("het initiatief heeft de gemeente nodig").check()
    cpage.get_by_label("Wat is er nodig").fill("Een vast aanspreekpunt")
    cpage.get_by_label("Afgesproken volgende stap").fill("Kennismaking in januari")
    assert_accessible(cpage)
    cpage.get_by_role("button", name="Opslaan").click()

    # The grid shows both parties.
    page.goto(discussion_url)
    grid = page.get_by_role("table", name=re.compile("Waar elke partij staat"))
    expect(grid.get_by_text("gemeente staat hier")).to_be_visible()
    expect(grid.get_by_text("initiatief staat hier")).to_be_visible()
    expect(grid.get_by_role("rowheader", name=re.compile("A. Bewoners doen mee"))).to_contain_text("Initiatief: actief")
    expect(grid.get_by_text("het initiatief heeft de gemeente nodig")).to_be_visible()
    expect(page.get_by_text("Wij organiseren buurtavonden.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Markeren als afgerond").click()
    expect(page.get_by_text("Het gesprek is afgerond.")).to_be_visible()

    # A second discussion starts from the first and shows what changed.
    page.goto(f"{live_server.url}/wijkkompas/partnerschap/{partnership.pk}/")
    page.get_by_role("button", name="Nieuw gesprek starten vanuit het vorige").click()
    expect(page.get_by_text("Er is nog niets veranderd.")).to_be_visible()
    page.get_by_role("link", name="De kant van de gemeente invullen").click()
    page.get_by_role("group", name="Actief op spoor D?").get_by_label("ja, actief").check()
    page.get_by_role("button", name="Opslaan").click()
    changes = page.get_by_role("region", name=re.compile("Wat is veranderd sinds het gesprek van"))
    expect(changes).to_contain_text("Spoor D, gemeente actief: nee → ja")
    assert_accessible(page)

    # The partnership page shows the outcome of the completed discussion.
    page.goto(f"{live_server.url}/partnerschappen/{partnership.pk}/")
    expect(page.get_by_text("Kennismaking in januari")).to_be_visible()
