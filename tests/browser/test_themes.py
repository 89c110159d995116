"""The municipal look: under each shipped theme the main pages pass axe (WCAG 2.1 AA, contrast
included), and switching the theme in the municipality profile changes the rendered colours to
the theme's own design tokens. The uploaded logo shows in the header with the name as its text."""

import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods import themes
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory, image_bytes
from partnerships.tests.factories import InitiativeFactory

PASSWORD = "een-goed-wachtwoord"

# What the page shows, as the browser computed it; `token` is the theme's own
# --utrecht-button-primary-action-background-color, resolved on an element of its own.
COLOURS = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const probe = document.createElement("div");
  probe.style.backgroundColor = "var(--utrecht-button-primary-action-background-color)";
  document.body.appendChild(probe);
  const token = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return {
    token,
    button: style("main .btn-primary").backgroundColor,
    buttonText: style("main .btn-primary").color,
    header: style(".site-header .navbar").backgroundColor,
    footer: style(".site-footer").backgroundColor,
    font: style("body").fontFamily,
  };
}"""


def rgb(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)))


def visit_main_pages(page, live_server, initiative, css_class, assert_accessible):
    for path in ["/", "/buurten/", f"/initiatieven/{initiative.pk}/", "/initiatieven/nieuw/", "/buurten/gemeente/"]:
        page.goto(live_server.url + path)
        expect(page.locator("body")).to_have_class(css_class)
        assert_accessible(page)
    # A form's error state: the error summary and the invalid fields in the theme's colours.
    page.goto(live_server.url + "/initiatieven/nieuw/")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#foutmeldingen")).to_be_visible()
    assert_accessible(page)


def test_each_theme_restyles_the_pages_and_passes_axe(page, live_server, transactional_db, assert_accessible):
    MunicipalityFactory(name="Gemeente Den Haag", cbs_code="GM0518")
    BuurtFactory.create_batch(2)
    initiative = InitiativeFactory(name="Zon op Zuid (fictief)")
    UserFactory(email="bea@gemeente.example", full_name="Bea Beheerder", role=Role.BEHEERDER)
    default, den_haag = themes.get("wijkpartner"), themes.get("denhaag")

    page.goto(live_server.url + "/accounts/inloggen/")
    expect(page.locator("body")).to_have_class("wijkpartner-theme")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("bea@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Bea")

    # The default theme.
    visit_main_pages(page, live_server, initiative, default.css_class, assert_accessible)
    page.goto(live_server.url + "/buurten/gemeente/")
    page.wait_for_load_state("load")
    before = page.evaluate(COLOURS)
    assert before["button"] == before["token"] == before["header"] == rgb(default.primary_color)
    assert before["buttonText"] == "rgb(255, 255, 255)"

    # A beheerder switches to Den Haag's theme and uploads the logo.
    page.get_by_label("Huisstijl").select_option(label="Gemeente Den Haag")
    page.get_by_label("Logo", exact=True).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(300, 100))}
    )
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#meldingen")).to_contain_text("Uw wijzigingen zijn opgeslagen.")
    expect(page.locator("body")).to_have_class(den_haag.css_class)
    page.wait_for_load_state("load")  # the theme's stylesheets too

    after = page.evaluate(COLOURS)
    # The colours are the theme's own token, and differ from the default theme's.
    assert after["button"] == after["token"] == rgb(den_haag.primary_color)
    assert after["header"] == after["button"] and after["buttonText"] == "rgb(255, 255, 255)"
    assert after["button"] != before["button"] and after["header"] != before["header"]
    assert after["footer"] != before["footer"]
    # "TheSans" is not shipped: named first, then the system fonts.
    assert re.match(r'^"?TheSans"?, system-ui', after["font"]) and before["font"].startswith("system-ui")

    # The logo in the header, with the municipality's name as its text, and loaded.
    logo = page.locator(".site-header").get_by_role("img", name="Gemeente Den Haag")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") == 300

    visit_main_pages(page, live_server, initiative, den_haag.css_class, assert_accessible)

    # The login page too has the theme and the logo.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/inloggen/"))
    expect(page.locator("body")).to_have_class(den_haag.css_class)
    expect(page.get_by_role("img", name="Gemeente Den Haag")).to_be_visible()
    assert_accessible(page)
