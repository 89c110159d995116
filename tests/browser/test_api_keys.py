"""The beheerder's page for the open data API in the browser: reached from the menu, a key issued
and revoked, every state accessible (axe)."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory

PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def beheerder(transactional_db):
    return UserFactory(email="bea@gemeente.example", full_name="Bea Beheerder", role=Role.BEHEERDER)


@override_settings(API_ACCESS="key")
def test_issue_and_revoke_a_key(page, live_server, beheerder, assert_accessible):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(beheerder.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("button", name="Beheer").click()  # the beheerder's pages are in one menu
    menu.get_by_role("link", name="Open data-API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data-API")
    expect(page.locator("[data-api-mode]")).to_contain_text("vraagt een sleutel")
    assert_accessible(page)

    page.get_by_role("button", name="Sleutel uitgeven").click()  # no name yet
    expect(page.get_by_role("alert")).to_contain_text("Voor wie")
    assert_accessible(page)

    page.get_by_label("Voor wie (organisatie of toepassing)").fill("Netbeheerder")
    page.get_by_role("button", name="Sleutel uitgeven").click()
    key = page.locator("[data-api-key]").inner_text()
    assert key.startswith("wpk_")
    assert_accessible(page)
    response = page.request.get(live_server.url + "/api/v1/crss", headers={"X-Api-Key": key})
    assert response.status == 200

    page.get_by_role("button", name="Intrekken Netbeheerder").click()
    expect(page.locator("#meldingen")).to_contain_text("De sleutel voor Netbeheerder is ingetrokken.")
    assert_accessible(page)
    assert page.request.get(live_server.url + "/api/v1/crss", headers={"X-Api-Key": key}).status == 401
