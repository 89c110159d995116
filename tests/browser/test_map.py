import re
from pathlib import Path

from playwright.sync_api import expect

from accounts.models import Role as UserRole
from accounts.tests.factories import UserFactory
from neighbourhoods.importing import import_file
from neighbourhoods.models import Neighbourhood
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory

PASSWORD = "een-goed-wachtwoord"
DATA = Path(__file__).resolve().parents[2] / "neighbourhoods" / "data"


def test_map_colourings_and_keyboard_to_a_neighbourhood(page, live_server, transactional_db, assert_accessible):
    for name in ["hilversum_GM0402_wijken_2015_cbs.geojson", "hilversum_GM0402_buurten_2015_cbs.geojson"]:
        import_file(name, (DATA / name).read_bytes())
    centrum = Neighbourhood.objects.get(code="BU04020101")
    PartnershipFactory(status=Partnership.Status.ACTIVE, initiative__name="Zon op Centrum").neighbourhoods.set(
        [centrum]
    )
    # English pages, so the test does not depend on the Dutch translation of the new strings.
    UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=UserRole.MEDEWERKER, language="en")

    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("mo@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto(live_server.url + "/buurten/kaart/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhood map")
    expect(page.locator("svg.wk-map a")).to_have_count(42)
    # Each area is a link named after its neighbourhood and category.
    expect(page.get_by_role("link", name=re.compile(r"^Centrum \(BU04020101\): No step done yet"))).to_have_count(1)
    expect(page.get_by_role("table")).to_contain_text("Centrum")
    assert_accessible(page)

    page.get_by_label("Colour the map by").select_option(label="Partnership status")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"kleur=partnerschap"))
    expect(page.locator('li[data-category="active"]')).to_have_text(re.compile(r"active\s+\(1\)"))
    expect(page.get_by_role("row", name=re.compile("Centrum"))).to_contain_text("Zon op Centrum: active")
    assert_accessible(page)

    # From the form, Tab reaches the skip link and then the first area of the map.
    page.get_by_role("button", name="Show").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement instanceof SVGAElement"):
            break
    assert page.evaluate("document.activeElement.namespaceURI") == "http://www.w3.org/2000/svg"
    assert page.evaluate("document.activeElement.localName") == "a"
    assert page.evaluate("document.activeElement.dataset.code") == "BU04020101"
    # The focused area has a visible focus style: a thick black edge.
    assert page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth") == "4px"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buurten/BU04020101/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Centrum")
