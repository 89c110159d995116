"""Security headers on every page, production cookies and HSTS, and the session lifetimes."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests import test_access
from core.testing import assert_access, run_fresh

GET_PAGES = [
    pytest.param(url_name, kwargs, id=url_name)
    for url_name, kwargs, method, expectations in test_access.MATRIX
    if method == "get" and expectations.get("beheerder") == 200
]


def directives(header: str) -> dict:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs", GET_PAGES)
def test_every_page_sends_the_security_headers(client_for, url_name, kwargs):
    response = assert_access(client_for("beheerder"), url_name, kwargs, "get", 200)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no inline script, no other origin
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz/", secure=True)
print(json.dumps({
    "hsts": response.headers.get("Strict-Transport-Security", ""),
    "csp": response.headers.get("Content-Security-Policy", ""),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_samesite": settings.SESSION_COOKIE_SAMESITE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}))
"""


def test_production_sends_hsts_and_uses_secure_cookies(tmp_path):
    result = run_fresh(
        ["-c", PRODUCTION_PROBE],
        keep_database=False,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k8Jd2-sLq9Zx0pW3vBn7Ty4Hm1Rf6Gc5Ue8Io2Pa3Sd4Fg5Hj6Kl7Zx8Cv9Bn0M",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["hsts"].startswith("max-age=31536000") and "includeSubDomains" in probe["hsts"]
    assert "frame-ancestors 'none'" in probe["csp"]
    assert probe["session_secure"] and probe["session_httponly"] and probe["csrf_secure"] and probe["ssl_redirect"]
    assert probe["session_samesite"] == "Lax"


@pytest.mark.django_db
def test_an_idle_session_ends(client, lezer, monkeypatch):
    import time

    client.force_login(lezer)
    assert client.get(reverse("overview:home")).status_code == 200
    later = time.time() + settings.SESSION_IDLE_MINUTES * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("overview:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_active_session_still_ends_after_its_maximum_lifetime(client, lezer, monkeypatch):
    import time

    client.force_login(lezer)
    start = time.time()
    # Active every 30 minutes, so never idle ...
    for step in range(1, settings.SESSION_MAX_HOURS * 2):
        monkeypatch.setattr(time, "time", lambda step=step: start + step * 1800)
        assert client.get(reverse("overview:home")).status_code == 200
    # ... and still logged out once the maximum lifetime has passed.
    monkeypatch.setattr(time, "time", lambda: start + settings.SESSION_MAX_HOURS * 3600 + 60)
    response = client.get(reverse("overview:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
