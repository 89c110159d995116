"""Crawl the demo as every role: each page reachable from the menu and the main content answers,
has a title, one h1, one main landmark and no axe violations; the main forms' error states pass
axe too; and a coordinator opens nothing of another initiative."""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.management import call_command

from demo.management.commands.load_demo import COORDINATED_INITIATIVE, DEMO_INITIATIVES, DEMO_PASSWORD
from meetings.models import Meeting

MAX_PAGES = 150  # per role
MAX_DEPTH = 5  # path segments
# Bounds per path pattern (/buurten/<code>/rol/): a hundred neighbourhoods share one template.
PER_PATTERN = 3  # pages visited and checked for status, title, h1 and main
AXE_PER_PATTERN = 1  # ... of which axe checks the first (whatever the query string)
PER_QUERY_PATTERN = 1  # pages per pattern and set of query parameters (sorting, filters, pagination)
# Where the crawl starts: the home page, and the reminders page (linked from the home page only
# when more than ten items wait, which the demo does not reach).
START = ["/", "/herinneringen/"]
SKIP_PATHS = ("/django-admin/", "/accounts/uitloggen/", "/accounts/taal/")
DOWNLOAD = re.compile(r"(\.(csv|pdf|json|xlsx|ics)$|export|/pdf/$|/docx/$|/archiefpakket/$|/scans/\d+/$|/downloaden/$)")

# The main forms, submitted empty to check their error state: (role, name, path pattern). The
# crawl finds their URLs; the Wijkkompas side and the policy draft have their own steps below.
EMPTY_FORMS = [
    ("medewerker", "neighbourhood role", r"^/buurten/(BU|WK)\d+/rol/$"),
    ("medewerker", "neighbourhood goal", r"^/buurten/(BU|WK)\d+/doelen/nieuw/$"),
    ("medewerker", "initiative", r"^/initiatieven/nieuw/$"),
    ("medewerker", "partnership conversation", r"^/partnerschappen/\d+/gesprekken/nieuw/$"),
    ("medewerker", "partnership activity", r"^/partnerschappen/\d+/activiteiten/nieuw/$"),
    ("medewerker", "intensity assessment", r"^/partnerschappen/\d+/intensiteit/$"),
    ("medewerker", "stopping together", r"^/partnerschappen/\d+/samen-stoppen/$"),
    ("medewerker", "need", r"^/partnerschappen/gesprekken/\d+/behoefte/$"),
    ("medewerker", "draft comment", r"^/afspraken/\d+/reactie/$"),
    ("beheerder", "user", r"^/accounts/gebruikers/nieuw/$"),
    ("beheerder", "Wijkkompas node", r"^/wijkkompas/knooppunten/nieuw/$"),
    ("beheerder", "role framework", r"^/buurten/rollen/nieuw/$"),
    ("coordinator", "need", r"^/partnerschappen/gesprekken/\d+/behoefte/$"),
    ("coordinator", "conversation comment", r"^/partnerschappen/gesprekken/\d+/reactie/$"),
]
# Pages no link leads to (yet): their forms are opened by URL. See test_the_beheerder_can_reach_...
UNLINKED_FORMS = [
    ("beheerder", "municipality profile", "/buurten/gemeente/"),
    ("beheerder", "clause", "/afspraken/bibliotheek/nieuw/"),
]

THEMES = [
    ("isolatie", "Isoleren en energie besparen"),
    ("collectieve_warmte", "Collectieve warmte (warmtenet)"),
    ("zon", "Zonne-energie"),
    ("voorlichting", "Voorlichting en advies aan bewoners"),
    ("duurzame_mobiliteit", "Duurzame mobiliteit"),
    ("anders", "Anders"),
]


def load_demo():
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


@pytest.fixture
def demo(transactional_db):
    load_demo()


def held_meeting_paths(*, forms=True):
    """The demo's held meeting (its report and comments), its report form and its comment form: the
    crawl's bound per pattern would otherwise stop at the planned meeting, which has no report."""
    held = Meeting.objects.filter(report__isnull=False).order_by("pk").first()
    if held is None:
        return []
    page = f"/overleggen/{held.pk}/"
    return [page, f"{page}verslag/", f"{page}reactie/"] if forms else [page]


def log_in(context, live_server, role):
    page = context.new_page()
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(f"{role}@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/accounts/inloggen/" not in page.url, f"{role} could not log in"
    return page


def open_context(browser, request):
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)  # no requests may outlive the test's live server
    return context


def pattern(path_and_query):
    """`/buurten/BU04020101/rol/?x=1` -> `/buurten/<code>/rol/?x`: what the bounds count."""
    parts = urlsplit(path_and_query)
    path = re.sub(r"/(BU|WK|GM)\d+", "/<code>", parts.path)
    path = re.sub(r"/\d+", "/<n>", path)
    return path + "?" + "&".join(sorted({key for key, _ in parse_qsl(parts.query)}))


def to_visit(url, origin):
    """The path and query of a link worth visiting, or None."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None  # other sites, mailto:, tel:
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path.startswith(SKIP_PATHS) or DOWNLOAD.search(parts.path) or "formaat=" in parts.query:
        return None
    if "export" in parts.query or len([s for s in parts.path.split("/") if s]) > MAX_DEPTH:
        return None
    return path


# Links in SVG (the map) too: their href is not a string, so resolve the attribute.
LINKS_JS = """() => Array.from(document.querySelectorAll("nav a, main a"))
    .filter(a => !a.hasAttribute("download"))
    .map(a => a.getAttribute("href") || a.getAttribute("xlink:href"))
    .filter(href => href).map(href => new URL(href, document.baseURI).href)"""


OVERFLOW_JS = """() => {
    const width = window.innerWidth, root = document.documentElement;
    if (root.scrollWidth <= width) return null;
    const sticksOut = el => el.getBoundingClientRect().right > width + 1;
    const scrollsInside = el => el.parentElement && el.parentElement.closest(".table-responsive, .choice-list");
    const wide = Array.from(document.querySelectorAll("body *"))
        .filter(el => sticksOut(el) && !scrollsInside(el))
        .filter(el => !Array.from(el.children).some(sticksOut))
        .slice(0, 4)
        .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + String(el.className).split(" ")[0]);
    return `${root.scrollWidth} px wide at ${width} px (${wide.join(", ")})`;
}"""


def horizontal_overflow(page):
    """None, or what makes the page wider than the window (a table scrolls in its own region)."""
    if not page.evaluate("() => !!document.documentElement"):
        return None
    overflow = page.evaluate(OVERFLOW_JS)
    return f"horizontal overflow: {overflow}" if overflow else None


def page_problems(page, response, assert_accessible, *, axe=True):
    """What is wrong with the page now shown: status, title, headings, landmarks, axe."""
    where = page.url
    if response is None:
        return [f"{where}: no response"]
    problems = []
    if response.status >= 400:
        problems.append(f"{where}: HTTP {response.status}")
    if "/accounts/inloggen/" in urlsplit(page.url).path:
        problems.append(f"{where}: sent to the login page")
    if not page.title().strip():
        problems.append(f"{where}: empty <title>")
    if (count := page.locator("h1").count()) != 1:
        problems.append(f"{where}: {count} h1 elements")
    if (count := page.locator("main, [role=main]").count()) != 1:
        problems.append(f"{where}: {count} main landmarks")
    if overflow := horizontal_overflow(page):
        problems.append(f"{where}: {overflow}")
    if axe:
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error).split("\nassert")[0])
    return problems


class NavMainLinks(HTMLParser):
    """The hrefs of the links inside <nav> and <main> of an HTML text (LINKS_JS without a browser)."""

    def __init__(self, text):
        super().__init__()
        self.depth, self.hrefs = 0, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.depth += tag in ("nav", "main")
        if tag == "a" and self.depth and "download" not in attrs:
            href = attrs.get("href") or attrs.get("xlink:href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag):
        self.depth -= tag in ("nav", "main")


def crawl(page, live_server, assert_accessible, *, check=True, max_pages=MAX_PAGES):
    """Breadth-first from `/` over the links in <nav> and <main>; returns (visited paths, problems).

    With `check`, every page is opened in the browser and checked; without, the pages are only
    requested (with the page's cookies), which is several times faster.
    """
    origin = live_server.url.rstrip("/")
    start = [*START, *held_meeting_paths(forms=False)]  # a form a role may not open would count as an error
    queue, seen, counts, axed = deque(start), set(start), {}, {}
    visited, problems = [], []
    while queue and len(visited) < max_pages:
        path = queue.popleft()
        if check:
            try:
                response = page.goto(origin + path)
            except Exception as error:  # a download or a network error: report, carry on
                problems.append(f"{path}: {str(error).splitlines()[0]}")
                continue
            key = pattern(path).split("?")[0]  # sorting or filtering a list: the same template
            axed[key] = axed.get(key, 0) + 1
            problems += page_problems(page, response, assert_accessible, axe=axed[key] <= AXE_PER_PATTERN)
            status, final_url = (response.status, page.url) if response else (0, page.url)
        else:
            response = page.request.get(origin + path)
            status, final_url = response.status, response.url
        visited.append(path)
        final = to_visit(final_url, origin)
        if final:
            seen.add(final)
        if status >= 400 or "html" not in response.headers.get("content-type", ""):
            continue
        if check:
            links = page.evaluate(LINKS_JS)
        else:
            links = [urljoin(final_url, href) for href in NavMainLinks(response.text()).hrefs]
        for url in links:
            link = to_visit(url.split("#")[0], origin)
            if link is None or link in seen:
                continue
            key = pattern(link)
            if counts.get(key, 0) >= (PER_QUERY_PATTERN if "?" in link else PER_PATTERN):
                continue
            counts[key] = counts.get(key, 0) + 1
            seen.add(link)
            queue.append(link)
    return visited, problems


CLEAR_FORM_JS = """form => {
    for (const el of form.elements) {
        if (el.type === "hidden" || el.disabled) continue;
        if (el.type === "checkbox" || el.type === "radio") el.checked = false;
        else if (el.tagName === "SELECT") {
            const empty = Array.from(el.options).findIndex(o => o.value === "");
            if (empty >= 0) el.selectedIndex = empty;
        } else if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") el.value = "";
    }
}"""


def main_form(page):
    """The form with the most fields in <main> (not the language form in the footer)."""
    forms = page.locator("main form[method=post]")
    sizes = [forms.nth(i).locator("input:not([type=hidden]), select, textarea").count() for i in range(forms.count())]
    assert sizes, f"{page.url}: no form"
    return forms.nth(sizes.index(max(sizes)))


def submit_empty(page, live_server, path, name, assert_accessible):
    """Submit the form at `path` with every field emptied; its error state must be accessible."""
    response = page.goto(live_server.url + path)
    if response.status >= 400:
        return [f"{name} form {path}: HTTP {response.status}"]
    form = main_form(page)
    form.evaluate(CLEAR_FORM_JS)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], input[type=submit]").first.click()
    if not page.locator("#foutmeldingen").is_visible():
        return [f"{name} form {path}: an empty submission showed no error summary (now at {page.url})"]
    return page_problems(page, navigation.value, assert_accessible)


def empty_policy_draft(page, live_server, assert_accessible):
    """Beheerder: start a new draft of the way of working, submit it empty."""
    page.goto(live_server.url + "/werkwijze/")
    with page.expect_navigation():
        page.locator("main form[action$='/nieuw-concept/'] button").click()
    path = urlsplit(page.url).path
    return submit_empty(page, live_server, path, "policy draft", assert_accessible)


def stale_wijkkompas_side(page, context, live_server, visited, assert_accessible):
    """Staff: every answer on a side is optional, so the error state is a stale edit: the side is
    saved in a second tab while the first still has it open."""
    start = next((p for p in visited if re.match(r"^/wijkkompas/partnerschap/\d+/$", p)), None)
    if start is None:
        return ["Wijkkompas side form: no /wijkkompas/partnerschap/<n>/ page found"]
    page.goto(live_server.url + start)
    with page.expect_navigation():
        page.locator("main form[action$='/nieuw/'] button").first.click()
    side = page.locator("main a[href$='/gemeente/']").first.get_attribute("href")
    page.goto(live_server.url + side)
    other = context.new_page()
    other.goto(live_server.url + side)
    other.locator("main textarea").first.fill("Intussen gewijzigd in een ander tabblad.")
    with other.expect_navigation():
        main_form(other).locator("button[type=submit]").first.click()
    other.close()
    page.locator("main textarea").first.fill("Mijn wijziging.")
    with page.expect_navigation() as navigation:
        main_form(page).locator("button[type=submit]").first.click()
    if not page.locator("#foutmeldingen").is_visible():
        return [f"Wijkkompas side form {side}: a stale save showed no error summary"]
    return page_problems(page, navigation.value, assert_accessible)


@pytest.mark.parametrize("role", ["beheerder", "medewerker", "lezer", "coordinator"])
def test_every_page_a_role_can_reach_is_sound_and_accessible(
    role, browser, live_server, demo, assert_accessible, request
):
    context = open_context(browser, request)
    page = log_in(context, live_server, role)
    visited, problems = crawl(page, live_server, assert_accessible)
    assert len(visited) > {"beheerder": 40, "medewerker": 40, "lezer": 20, "coordinator": 10}[role], visited

    # The main forms, empty: their error summary and messages pass axe too.
    for form_role, name, path_pattern in EMPTY_FORMS:
        if form_role != role:
            continue
        path = next((p for p in visited if re.match(path_pattern, p)), None)
        if path is None:
            problems.append(f"{name} form: no link to it found ({path_pattern})")
            continue
        problems += submit_empty(page, live_server, path, name, assert_accessible)
    for form_role, name, path in UNLINKED_FORMS:
        if form_role == role:
            problems += submit_empty(page, live_server, path, name, assert_accessible)
    if role == "beheerder":
        problems += empty_policy_draft(page, live_server, assert_accessible)
    if role == "medewerker":
        problems += stale_wijkkompas_side(page, context, live_server, visited, assert_accessible)

    assert not problems, f"{len(problems)} problems as {role} ({len(visited)} pages):\n" + "\n".join(problems)


def test_a_coordinator_opens_nothing_of_another_initiative(browser, live_server, demo, request):
    """Every page staff can reach, and every page the coordinator's own links lead to."""
    staff = log_in(open_context(browser, request), live_server, "medewerker")
    staff_paths, _ = crawl(staff, live_server, None, check=False)
    staff.close()
    coordinator = log_in(open_context(browser, request), live_server, "coordinator")
    own_paths, _ = crawl(coordinator, live_server, None, check=False)

    others = [name for name, *_ in DEMO_INITIATIVES if name != COORDINATED_INITIATIVE]
    # The full names, and without "(fictief)", as a heading or a breadcrumb might shorten them.
    needles = others + [name.removesuffix(" (fictief)") for name in others]
    opened, leaks, errors = 0, [], []
    for path in dict.fromkeys(staff_paths + own_paths):
        response = coordinator.request.get(live_server.url + path)  # the HTML is enough: no rendering
        if response.status >= 500:
            errors.append(f"{path}: HTTP {response.status}")
        if response.status != 200:
            continue
        opened += 1
        html = response.text()
        leaks += [f"{path} (now {response.url}): {needle!r}" for needle in needles if needle in html]
    assert opened > 3, "the coordinator should open some of the pages (home, their own initiative)"
    assert not errors, "\n".join(errors)
    assert not leaks, "the coordinator sees another initiative:\n" + "\n".join(leaks)


def test_the_beheerder_can_reach_every_page_of_their_own(browser, live_server, demo, request):
    page = log_in(open_context(browser, request), live_server, "beheerder")
    # Without the checks the crawl is fast: a larger budget, as the library is several links deep.
    visited, _ = crawl(page, live_server, None, check=False, max_pages=3 * MAX_PAGES)
    unreached = [path for _role, _name, path in UNLINKED_FORMS if path not in visited]
    unreached += [path for path in ["/afspraken/bibliotheek/"] if path not in visited]
    assert not unreached, f"no link leads to {unreached}"


# The main pages at a phone's width and on wide screens: nothing sticks out of the window, the
# top menu shows all its items (or its toggle), and axe passes at the phone's width too.
WIDTHS = [390, 1280, 1440, 1600]
MAIN_PAGES = {
    "beheerder": [
        r"^/$",
        r"^/buurten/$",
        r"^/buurten/(BU|WK)\d+/$",
        r"^/initiatieven/$",
        r"^/initiatieven/\d+/$",
        r"^/partnerschappen/\d+/$",
        r"^/initiatieven/nieuw/$",
    ],
    "coordinator": [
        r"^/initiatieven/mijn/$",
        r"^/initiatieven/\d+/$",
        r"^/partnerschappen/\d+/$",
        r"^/partnerschappen/gesprekken/\d+/behoefte/$",
    ],
}

MENU_JS = """() => {
    const toggler = document.querySelector(".navbar-toggler");
    const collapsed = toggler && getComputedStyle(toggler).display !== "none";
    const items = Array.from(document.querySelectorAll("#hoofdmenu .nav-link"));
    const off = items.filter(el => {
        const r = el.getBoundingClientRect();
        return r.right > window.innerWidth + 1 || r.left < -1;
    }).map(el => el.textContent.trim());
    return {collapsed, off, count: items.length};
}"""


@pytest.mark.parametrize("role", ["beheerder", "coordinator"])
def test_the_main_pages_fit_from_a_phone_to_a_wide_screen(role, browser, live_server, demo, assert_accessible, request):
    page = log_in(open_context(browser, request), live_server, role)
    visited, _ = crawl(page, live_server, None, check=False)
    paths = []
    for path_pattern in MAIN_PAGES[role]:
        path = next((p for p in visited if re.match(path_pattern, p.split("?")[0])), None)
        assert path, f"no page for {path_pattern} found as {role}"
        paths.append(path)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            if overflow := horizontal_overflow(page):
                problems.append(f"{path} at {width} px: {overflow}")
            menu = page.evaluate(MENU_JS)
            if width >= 1200 and menu["collapsed"]:
                problems.append(f"{path} at {width} px: the menu is folded away on a wide screen")
            if not menu["collapsed"] and menu["off"]:
                problems.append(f"{path} at {width} px: menu items off-screen: {menu['off']}")
            if width == 390 and path == paths[0]:
                page.locator(".navbar-toggler").click()
                logout = page.get_by_role("button", name="Uitloggen")
                logout.wait_for(state="visible")
                box = logout.bounding_box()
                if box["x"] + box["width"] > width + 1:
                    problems.append(f"{path} at {width} px: the opened menu is wider than the screen")
                page.reload()
            if width == 390:
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    problems.append(str(error).split("\nassert")[0])
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)
