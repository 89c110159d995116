"""The main journey with the keyboard only: log in, choose a neighbourhood's role, record a
conversation, download a draft agreement as PDF. The focus must be visible after every Tab."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.management.commands.load_demo import COORDINATED_INITIATIVE, DEMO_PASSWORD

THEMES = [
    ("isolatie", "Isoleren en energie besparen"),
    ("collectieve_warmte", "Collectieve warmte (warmtenet)"),
    ("zon", "Zonne-energie"),
    ("voorlichting", "Voorlichting en advies aan bewoners"),
    ("duurzame_mobiliteit", "Duurzame mobiliteit"),
    ("anders", "Anders"),
]


@pytest.fixture
def demo(transactional_db):
    """The data migrations' rows are flushed between transactional tests: seed them again, then the demo."""
    from neighbourhoods.models import Role, RoleFramework
    from neighbourhoods.reference_data import seed_role_frameworks
    from partnerships.models import Theme
    from wijkkompas.models import Node, Phase, Track
    from wijkkompas.reference_data import seed

    seed_role_frameworks(RoleFramework, Role)
    seed(Track, Phase, Node)
    for order, (key, label) in enumerate(THEMES):
        Theme.objects.get_or_create(key=key, defaults={"label": label, "order": order})
    call_command("load_demo", stdout=io.StringIO())


# What has the focus, and can one see it: rendered, with an outline or a box shadow (Bootstrap's ring).
FOCUS_JS = """(key) => {
    const el = document.activeElement;
    const previous = window.__keyboardTestFocus;
    if (!el || el === document.body || el === document.documentElement) {
        // Past the last (or before the first) element the focus leaves the page: not a problem.
        const tabbable = Array.from(document.querySelectorAll(
            "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
        )).filter(e => !e.disabled && e.getClientRects().length);
        const edge = key === "Tab" ? tabbable[tabbable.length - 1] : tabbable[0];
        window.__keyboardTestFocus = null;
        return previous && previous === edge ? {what: "(left the page)"} : {problem: "the focus is on <body>"};
    }
    window.__keyboardTestFocus = el;
    // Inside a date input's own parts (the calendar button) Chromium draws its own focus ring.
    if (!el.matches(":focus") && el.matches(":focus-within")) return {what: "(inside) " + el.id};
    const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "").trim().slice(0, 50);
    const what = `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}> "${name}"`;
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return {what, problem: "the focused element is not rendered: " + what};
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    if (!outline && style.boxShadow === "none") return {what, problem: "no visible focus indicator on " + what};
    return {what};
}"""


class Keyboard:
    """Only key presses; every Tab checks that the focus is visible. `problems` collects what is not."""

    def __init__(self, page):
        self.page, self.problems, self.presses, self.last = page, [], 0, "(start)"

    def press(self, key):
        self.page.keyboard.press(key)
        self.presses += 1
        if key in ("Tab", "Shift+Tab"):
            state = self.page.evaluate(FOCUS_JS, key)
            if "problem" in state:
                self.problems.append(f"{self.page.url}, {key} from {self.last}: {state['problem']}")
            self.last = state.get("what", "<body>")

    def type(self, text):
        self.page.keyboard.type(text)

    def focused(self, locator):
        return locator.evaluate("el => el === document.activeElement")

    def tab_to(self, locator, *, max_presses=80, backwards=False):
        """Tab (or Shift+Tab) until `locator` has the focus, at most `max_presses` times."""
        expect(locator).to_have_count(1)
        for _ in range(max_presses):
            if self.focused(locator):
                return
            self.press("Shift+Tab" if backwards else "Tab")
        if not self.focused(locator):
            raise AssertionError(f"{locator} not reached with {max_presses} presses on {self.page.url}")

    def skip_to_content(self):
        """The skip link is the first stop on every page; Enter moves the focus to <main>."""
        self.press("Tab")
        expect(self.page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()
        self.press("Enter")
        expect(self.page.locator("main")).to_be_focused()

    def follow(self, locator, **kwargs):
        """Tab to a link or button and press Enter; waits for the next page."""
        self.tab_to(locator, **kwargs)
        with self.page.expect_navigation():
            self.press("Enter")


def test_the_main_journey_with_the_keyboard_only(page, live_server, demo):
    keys = Keyboard(page)
    menu = page.get_by_role("navigation", name="Hoofdmenu")

    # Log in: the e-mail field has the focus; Enter in the password field submits.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile("/accounts/inloggen/"))
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    keys.type("medewerker@voorbeeld.nl")
    keys.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    keys.type(DEMO_PASSWORD)
    with page.expect_navigation():
        keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Mehmet")

    # Find a neighbourhood with the search field, open it.
    keys.follow(menu.get_by_role("link", name="Buurten", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurten")
    keys.skip_to_content()
    keys.tab_to(page.get_by_label("Zoek op naam of code"))
    keys.type("Kerkelanden")
    with page.expect_navigation():
        keys.press("Enter")
    keys.follow(page.get_by_role("main").get_by_role("link", name="Kerkelanden", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kerkelanden")

    # Step 1: the role. Arrow keys choose the dominant form (a radio group), Space ticks a checkbox.
    keys.follow(page.get_by_role("link", name="Rol kiezen").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rol van de gemeente")
    keys.skip_to_content()
    keys.tab_to(page.get_by_role("radio", name="Dominant Rechtmatige overheid"))
    keys.press("ArrowDown")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # rechtmatig -> presterend -> netwerkend -> participerend
    expect(page.get_by_role("radio", name="Dominant Participerende overheid")).to_be_checked()
    keys.tab_to(page.get_by_role("checkbox", name="Ook aanwezig Netwerkende overheid"), backwards=True)
    keys.press("Space")
    expect(page.get_by_role("checkbox", name="Ook aanwezig Netwerkende overheid")).to_be_checked()
    keys.tab_to(page.get_by_label("Onderbouwing"))
    keys.type("Bewoners nemen hier zelf het initiatief (toetsenbordtest).")
    keys.follow(page.get_by_role("button", name="Opslaan"))
    expect(page.locator("#meldingen .alert")).to_be_visible()
    role = page.get_by_role("region", name="Rol van de gemeente (stap 1)")
    expect(role).to_contain_text("Participerende overheid (Vier vormen van overheidssturing) dominant")
    expect(role).to_contain_text("Netwerkende overheid")
    expect(role).to_contain_text("Bewoners nemen hier zelf het initiatief (toetsenbordtest).")

    # A conversation on the demo partnership. The redirect kept the skip link's #inhoud, so the
    # focus starts in <main>: the menu is behind us.
    expect(page).to_have_url(re.compile("#inhoud$"))
    keys.follow(menu.get_by_role("link", name="Partnerschappen"), backwards=True)
    keys.follow(page.get_by_role("main").get_by_role("link", name=COORDINATED_INITIATIVE).first)
    keys.follow(page.get_by_role("link", name="Gesprek vastleggen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gesprek vastleggen")
    expect(page.get_by_label("Datum")).not_to_have_value("")  # today; typing a date depends on the OS locale
    keys.tab_to(page.get_by_label("Deelnemers"))
    keys.type("Mehmet (gemeente), Cor (initiatief)")
    keys.tab_to(page.get_by_label("Samenvatting"))
    keys.type("Gesprek met alleen het toetsenbord vastgelegd.")
    keys.follow(page.get_by_role("button", name="Opslaan"))
    expect(page.get_by_text("Gesprek met alleen het toetsenbord vastgelegd.")).to_be_visible()

    # The draft agreement, as PDF. The page opened at the new conversation: the link is above it.
    keys.follow(page.get_by_role("link", name="Concept-afspraken").last, backwards=True)
    keys.follow(page.get_by_role("link", name=re.compile("^Intentieovereenkomst")))
    keys.tab_to(page.get_by_role("link", name="Pdf versie 2"))
    with page.expect_download() as download:
        keys.press("Enter")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    assert not keys.problems, f"the focus was not visible ({keys.presses} key presses):\n" + "\n".join(keys.problems)
