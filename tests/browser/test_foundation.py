import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods.tests.factories import BuurtFactory

PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def staff_user(transactional_db):
    BuurtFactory.create_batch(2)
    return UserFactory(email="anne@gemeente.example", full_name="Anne de Vries", role=Role.MEDEWERKER)


def test_login_home_language_switch_and_logout(page, live_server, staff_user, assert_accessible):
    page.goto(live_server.url + "/")
    # Anonymous: sent to the login page.
    expect(page).to_have_url(re.compile(r"/accounts/inloggen/"))
    expect(page).to_have_title(re.compile("Inloggen"))
    assert_accessible(page)

    # A wrong password shows the error summary, which takes the focus.
    page.get_by_label("E-mailadres").fill("anne@gemeente.example")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect(page.locator("#foutmeldingen")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Anne")
    expect(page.locator('[data-figure="buurten"]')).to_have_text("2")
    expect(page.get_by_role("heading", name="Volgende stappen")).to_be_visible()
    assert_accessible(page)

    # The skip link is the first thing the keyboard reaches and moves to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Taal wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Anne")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    page.get_by_role("link", name="Neighbourhoods").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhoods")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("My account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/inloggen/"))
    assert_accessible(page)


def test_beheerder_pages_pass_axe_in_both_languages(page, live_server, transactional_db, assert_accessible):
    UserFactory(email="bea@gemeente.example", full_name="Bea Beheerder", role=Role.BEHEERDER)
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("bea@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    for language in ["nl", "en"]:
        if language == "en":
            page.get_by_label("Taal").select_option("en")
            page.get_by_role("button", name="Taal wijzigen").click()
        for path in [
            "/",
            "/accounts/gebruikers/",
            "/accounts/gebruikers/nieuw/",
            "/buurten/gemeente/",
            "/accounts/wachtwoord-wijzigen/",
        ]:
            page.goto(live_server.url + path)
            assert_accessible(page)
    # A form with errors (empty municipality profile) passes too.
    page.goto(live_server.url + "/buurten/gemeente/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#foutmeldingen")).to_be_visible()
    assert_accessible(page)


def test_anonymous_pages_pass_axe(page, live_server, transactional_db, assert_accessible):
    for path in ["/accounts/inloggen/", "/accounts/wachtwoord-vergeten/", "/accounts/wachtwoord-vergeten/verstuurd/"]:
        page.goto(live_server.url + path)
        assert_accessible(page)
