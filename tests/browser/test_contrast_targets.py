"""WCAG 2.2 AA in the browser: checkbox and radio borders at least 3:1 against the page (1.4.11),
standalone links a target of at least 24 by 24 pixels (2.5.8), and the partnership summary and
dashboard charts pass axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partnerships.tests.factories import PartnershipFactory

PASSWORD = "een-goed-wachtwoord"

CONTRAST_JS = """el => {
    const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const lum = c => { const [r, g, b] = c.map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const border = lum(rgb(getComputedStyle(el).borderTopColor));
    const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
    return (Math.max(border, page) + 0.05) / (Math.min(border, page) + 0.05);
}"""


@pytest.fixture
def medewerker(transactional_db):
    return UserFactory(email="anne@gemeente.example", full_name="Anne de Vries", role=Role.MEDEWERKER)


def log_in(page, live_server):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("anne@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Welkom"))


def test_checkbox_and_radio_borders_and_link_targets(page, live_server, medewerker, assert_accessible):
    partnership = PartnershipFactory()
    log_in(page, live_server)
    assert_accessible(page)  # the dashboard with its charts
    assert page.locator("svg.bar-chart[role=img]").count() == 3

    page.goto(live_server.url + f"/partnerschappen/{partnership.pk}/intensiteit/")
    boxes = page.locator("main input.form-check-input")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        assert boxes.nth(i).evaluate(CONTRAST_JS) >= 3, f"checkbox/radio {i} border below 3:1"

    page.goto(live_server.url + f"/partnerschappen/{partnership.pk}/")
    expect(page.locator('[aria-current="step"]')).to_have_count(1)
    assert_accessible(page)
    page.goto(live_server.url + f"/initiatieven/{partnership.initiative.pk}/")
    links = page.locator("main a.link-standalone")
    assert links.count() > 0
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, box
