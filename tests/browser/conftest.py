"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told it is safe. It is here: the test thread and the server share nothing else.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe on the current page; fail with the rule ids and elements on any WCAG 2.1 AA violation."""

    def check(page):
        # Only violations are needed; skipping the passes roughly halves each axe run.
        result = _axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        )
        violations = result.response["violations"]
        report = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in violations]
        assert violations == [], f"axe on {page.url}:\n" + "\n".join(report)

    return check


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Dutch browser, as at a Dutch municipality (the app ignores the browser language anyway).
    return {**browser_context_args, "locale": "nl-NL"}
