"""Crawl the demo with Django's test client, as each role: the pages reachable from `/` over the
links in <nav> and <main> (the browser crawl's rules, tests/browser/test_crawl.py, without a browser)."""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.test import Client

from accounts.models import User
from tests.browser.test_crawl import START, NavMainLinks, held_meeting_paths, pattern, to_visit

ROLES = ["beheerder", "medewerker", "lezer", "coordinator"]
ORIGIN = "http://testserver"


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def crawl(role, *, per_pattern=2, max_pages=120):
    """{path: html} of the pages `role` reaches (HTML answers with status 200 only), starting from
    `/`, the reminders and the held meeting's pages (those a role may not open are skipped)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(User.objects.get(email=f"{role}@voorbeeld.nl"))
    start = [*START, *held_meeting_paths()]
    queue, seen, counts, pages = deque(start), set(start), {}, {}
    while queue and len(pages) < max_pages:
        path = queue.popleft()
        response = client.get(path, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in NavMainLinks(html).hrefs:
            link = to_visit(urljoin(ORIGIN + path, href).split("#")[0], ORIGIN)
            if link is None or link in seen:
                continue
            key = pattern(link)
            if counts.get(key, 0) >= (1 if "?" in link else per_pattern):
                continue
            counts[key] = counts.get(key, 0) + 1
            seen.add(link)
            queue.append(link)
    return pages


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, no attribute values, no <script>/<style>/<template>."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0
        self.feed(html)
        self.text = " ".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
ENGLISH_MONTH = re.compile(rf"\b({MONTHS})\b")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_problems(path, html):
    text = VisibleText(html).text
    problems = []
    for regex, what in ((ENGLISH_MONTH, "English month"), (ISO_DATE, "ISO date")):
        for match in regex.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
            problems.append(f"{path}: {what} {match.group(0)!r} in …{around}…")
    return problems


def path_only(url):
    return urlsplit(url).path
