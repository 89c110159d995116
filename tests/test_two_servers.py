"""Two app servers on one PostgreSQL database: a session started on one works on the other, an
edit made through one shows on the other, and a stale edit through the other is refused.

Needs DATABASE_URL=postgres://... (the PostgreSQL CI step); skipped otherwise. The test makes a
database of its own next to the one in DATABASE_URL and drops it at the end.
"""

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

pytestmark = pytest.mark.two_servers

ROOT = Path(__file__).resolve().parent.parent
EMAIL, PASSWORD = "bea@gemeente.example", "twee-servers-wachtwoord-2026"
STALE = "Iemand anders heeft dit gewijzigd"


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL=postgres://... (two servers share one PostgreSQL database)")
    return url


@pytest.fixture
def database():
    """A fresh database on the server of DATABASE_URL, dropped afterwards; yields its URL."""
    import psycopg2

    parts = urlsplit(postgres_url())
    name = f"wijkpartner_two_servers_{uuid.uuid4().hex[:8]}"
    connect = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password,
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**connect)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    # Development settings (pytest's test settings keep their cache in the process).
    return {
        **env,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Server:
    """gunicorn on 127.0.0.1 in a process group of its own; `stop` ends that group only."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "1", "--timeout", "60"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server on {self.port} exited:\n{self.log_path.read_text()}")
            try:
                with build_opener().open(self.url + "/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (URLError, ConnectionError, HTTPError, TimeoutError):
                pass  # a worker still booting on a busy machine may not answer within 2 s
            time.sleep(0.2)
        raise AssertionError(f"server on {self.port} did not answer in {timeout}s:\n{self.log_path.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


class Inputs(HTMLParser):
    """The values of the named <input>s and <textarea>s of a page."""

    def __init__(self, text):
        super().__init__()
        self.values, self._textarea = {}, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


class Browser:
    """One cookie jar for both servers (cookies do not depend on the port), like one browser."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))

    def get(self, url):
        with self.opener.open(url, timeout=30) as response:
            return response.url, response.read().decode()

    def post(self, url, data):
        """Post `data` plus the CSRF token from the page at `url` (forms post to themselves)."""
        body = urlencode({"csrfmiddlewaretoken": Inputs(self.get(url)[1]).values["csrfmiddlewaretoken"], **data})
        request = Request(url, data=body.encode(), headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            return response.url, response.read().decode()

    def session(self):
        return next(c.value for c in self.cookies if c.name == "sessionid")


def form_values(text):
    values = Inputs(text).values
    return {k: html.unescape(v) for k, v in values.items() if k != "csrfmiddlewaretoken"}


def test_two_servers_share_sessions_and_refuse_a_stale_edit(database, tmp_path):
    env = server_env(database)
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from accounts.models import User, Role; "
        f"User.objects.create_user(email='{EMAIL}', password='{PASSWORD}', full_name='Bea Beheerder', "
        "role=Role.BEHEERDER)",
    )
    servers = []
    try:
        for name in "ab":
            servers.append(Server(env, tmp_path / f"{name}.log"))
        a, b = servers
        a.wait_until_ready()
        b.wait_until_ready()
        assert a.port != b.port

        # Log in through A; B knows the session.
        browser = Browser()
        url, page = browser.post(a.url + "/accounts/inloggen/", {"username": EMAIL, "password": PASSWORD})
        assert url == a.url + "/" and "Welkom, Bea" in page, page[:2000]
        session = browser.session()
        url, page = browser.get(b.url + "/")
        assert url == b.url + "/" and "Welkom, Bea" in page, "server B does not know the session"
        assert browser.session() == session

        # The municipality profile, created through A.
        profile = "/buurten/gemeente/"
        values = {"name": "Gemeente Eerst", "cbs_code": "GM0402", "address": "", "version": ""}
        values |= {"short_term_years": "1", "medium_term_years": "5"}
        _url, page = browser.post(a.url + profile, values)
        assert "Het gemeenteprofiel is opgeslagen." in page, page[:2000]

        # B opens the form; then A changes the name.
        opened_on_b = form_values(browser.get(b.url + profile)[1])
        assert opened_on_b["name"] == "Gemeente Eerst" and opened_on_b["version"] == "1"
        on_a = form_values(browser.get(a.url + profile)[1])
        _url, page = browser.post(a.url + profile, {**on_a, "name": "Gemeente via A"})
        assert "Uw wijzigingen zijn opgeslagen." in page, page[:2000]

        # B shows the edit.
        now_on_b = form_values(browser.get(b.url + profile)[1])
        assert now_on_b["name"] == "Gemeente via A" and now_on_b["version"] == "2"

        # B's stale save (version 1) is refused; A's value stays.
        _url, page = browser.post(b.url + profile, {**opened_on_b, "name": "Gemeente via B"})
        assert STALE in page, page[:3000]
        meanwhile = re.search(r'id="intussen-gewijzigd".*?</section>', page, re.S)
        assert meanwhile, "the stale form shows what changed in the meantime"
        assert "<del>Gemeente Eerst</del> → <ins>Gemeente via A</ins>" in meanwhile.group(0), meanwhile.group(0)
        for server in (a, b):
            assert form_values(browser.get(server.url + profile)[1])["name"] == "Gemeente via A"
    finally:
        for server in servers:
            server.stop()
