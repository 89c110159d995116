"""pytest fixtures around a real OpenID Provider (server.mjs: panva's oidc-provider on Node).

`oidc_provider` (session scope) installs the provider's packages with `npm ci` when node_modules is
missing, starts it on 127.0.0.1 and a free port, and stops it after the session; with pytest-xdist
each worker has its own. The tests skip, saying why, only when Node is not installed.

    def test_something(oidc_provider):
        oidc_provider.add_account("anne", email="anne@gemeente.example", groups=["wp-lezer"])
        client = oidc_provider.register_client(redirect_uris=[...], jwks=...)
        callback = oidc_provider.log_in(authorization_url, "anne")
"""

import fcntl
import html
import json
import os
import re
import secrets
import selectors
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent
PASSWORD = "wachtwoord-bij-de-gemeente"
START_SECONDS = 90  # a loaded CI machine (two cores, the suite on both) starts Node slowly


def ensure_installed(npm: str | None) -> None:
    """`npm ci` once (under a lock: xdist workers may get here together)."""
    marker = PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json"
    with open(Path(tempfile.gettempdir()) / "wijkpartner-oidc-provider-npm.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            if npm is None:
                pytest.fail("npm is missing: it installs the test OpenID Provider (make oidc-provider)")
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=PROVIDER_DIR,
                check=True,
                timeout=300,
            )


class TestProvider:
    """The running provider, and what the tests set up in it."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, issuer: str, control_token: str):
        self.issuer = issuer
        self.control_token = control_token

    def _auth(self):
        return {"Authorization": f"Bearer {self.control_token}"}

    def add_account(self, sub, *, email=None, name=None, groups=(), email_verified=True, password=PASSWORD, **claims):
        """Add (or replace) a person at the provider; `sub` is also their login name there."""
        claims = {"email_verified": email_verified, "groups": list(groups), **claims}
        if email is not None:
            claims["email"] = email
        if name is not None:
            claims["name"] = name
        response = requests.put(
            f"{self.issuer}/_test/accounts/{sub}",
            json={"password": password, "claims": claims},
            headers=self._auth(),
            timeout=10,
        )
        assert response.status_code == 204, response.text

    def register_client(self, *, redirect_uris, post_logout_redirect_uris=(), jwks=None, auth_method=None):
        """Register a client (Dynamic Client Registration); returns its metadata with client_id (and secret)."""
        auth_method = auth_method or ("private_key_jwt" if jwks else "client_secret_basic")
        metadata = {
            "redirect_uris": list(redirect_uris),
            "post_logout_redirect_uris": list(post_logout_redirect_uris),
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": auth_method,
            "id_token_signed_response_alg": "RS256",
        }
        if jwks:
            metadata |= {"jwks": jwks, "token_endpoint_auth_signing_alg": "RS256"}
        response = requests.post(f"{self.issuer}/reg", json=metadata, headers=self._auth(), timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def log_in(self, authorization_url: str, login: str, password: str = PASSWORD) -> str:
        """Go through the provider as a browser would, without one: fill in its login form and return
        the address it sends the browser back to (our callback, with code and state)."""
        session = requests.Session()
        url, method, data = authorization_url, "GET", None
        for _ in range(10):
            response = session.request(method, url, data=data, allow_redirects=False, timeout=10)
            if response.is_redirect:
                target = urljoin(url, response.headers["Location"])
                if not target.startswith(self.issuer):
                    return target
                url, method, data = target, "GET", None
            elif response.status_code == 200 and 'name="password"' in response.text:
                action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
                url, method, data = urljoin(url, action), "POST", {"login": login, "password": password}
            else:
                raise AssertionError(f"the provider answered {response.status_code}: {response.text[:500]}")
        raise AssertionError("too many steps at the provider")

    def log_out(self, end_session_url: str) -> str:
        """Confirm logout at the provider (as its page would); returns where it sends the browser then."""
        session = requests.Session()
        response = session.get(end_session_url, timeout=10)
        assert response.status_code == 200, response.text[:500]
        # A confirmation form (when the provider has a session) or one that submits itself.
        action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
        fields = {
            name: html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text)
        }
        response = session.post(
            urljoin(end_session_url, action), data={**fields, "logout": "yes"}, allow_redirects=False, timeout=10
        )
        assert response.is_redirect, response.text[:500]
        return urljoin(end_session_url, response.headers["Location"])


def _wait_for_issuer(process: subprocess.Popen, log_path: Path) -> str:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_SECONDS
    buffer = ""
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.5):
            if process.poll() is not None:
                break
            continue
        chunk = os.read(process.stdout.fileno(), 4096).decode()
        if not chunk:
            break
        buffer += chunk
        for line in buffer.splitlines():
            if line.startswith("{"):
                return json.loads(line)["issuer"]
    process.kill()
    raise RuntimeError(f"the test OpenID Provider did not start:\n{log_path.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        pytest.skip("Node.js is not installed: the single sign-on tests need it to run a real OpenID Provider")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    major, minor = (int(part) for part in version.lstrip("v").split(".")[:2])
    if (major, minor) < (20, 19):
        pytest.fail(f"Node.js {version} is too old for the test OpenID Provider (oidc-provider 9 needs 20.19+)")
    ensure_installed(npm)
    token = secrets.token_urlsafe(24)
    log_path = tmp_path_factory.mktemp("oidc_provider") / "provider.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [node, "server.mjs"],
            cwd=PROVIDER_DIR,
            env={**os.environ, "OIDC_TEST_CONTROL_TOKEN": token, "NODE_ENV": "test"},
            stdout=subprocess.PIPE,
            stderr=log,
        )
    try:
        issuer = _wait_for_issuer(process, log_path)
        assert urlsplit(issuer).hostname == "127.0.0.1"
        yield TestProvider(issuer, token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
