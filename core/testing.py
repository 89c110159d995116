"""Test helpers: the access-matrix pattern (role x URL x object).

Each app lists its URLs with the status every role should get; `matrix_params` turns that into
one pytest case per cell, so a failure names the URL and the role:

    MATRIX = [
        # (url name, kwargs or a callable making them, method, {role: expected status})
        ("overview:home", {}, "get", {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200}),
    ]

    @pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(MATRIX))
    def test_access(client_for, url_name, kwargs, method, role, expected):
        assert_access(client_for(role), url_name, kwargs, method, expected)

`kwargs` may be a callable taking the test client, run inside the test, that creates the object
and returns the URL kwargs: other people's objects are made that way (and the client's own,
e.g. `client.own_initiative` for a coordinator).

Every named URL of the project must be in a matrix (accounts/tests/test_access.py checks it with
`named_url_patterns`), and query-count tests check their rows with `assert_on_page`.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape


def run_fresh(args, *, keep_database=True, **environ):
    """Run `python <args>` in the project in a new process with `environ` and none of this
    process's DJANGO_* settings (nor DATABASE_URL unless `keep_database`): for what only shows
    when settings are read at start-up."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and (keep_database or k != "DATABASE_URL")
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def matrix_params(matrix):
    return [
        pytest.param(url_name, kwargs, method, role, expected, id=f"{method}-{url_name}-{role}")
        for url_name, kwargs, method, expectations in matrix
        for role, expected in expectations.items()
    ]


def assert_access(client, url_name, kwargs, method, expected, data=None):
    """`expected` is a status code; a 302 for an anonymous user must lead to the login page. For
    a redirect elsewhere, `expected` is a pair: (302, the exact Location)."""
    expected, location = expected if isinstance(expected, tuple) else (expected, None)
    url = reverse(url_name, kwargs=kwargs(client) if callable(kwargs) else kwargs)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected, f"{method.upper()} {url}: {response.status_code}, expected {expected}"
    if location is not None:
        assert response["Location"] == location, f"{method.upper()} {url} redirects to {response['Location']}"
    elif expected == 302 and getattr(client, "user", None) is None:
        assert reverse("accounts:login") in response["Location"], "anonymous users are sent to the login page"
    return response


def named_url_patterns(patterns=None, namespaces=()):
    """Every named URL of the project as "namespace:name" (nested namespaces joined with ":")."""
    from django.urls import URLResolver, get_resolver

    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from named_url_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name))


def assert_on_page(response, texts):
    """Each of `texts` (the names, titles or links of the rows a test made) is on the page.

    Query-count tests run at 1 and 50 rows; a page that silently shows nothing (a filter gone
    wrong, an emptied loop) would pass them too, so they also look for their rows. For a paginated
    list, pass the rows of the first page. Texts are HTML-escaped before the search, as the
    template does. Returns the page's HTML for further checks."""
    html = response if isinstance(response, str) else response.content.decode()
    texts = [str(text) for text in texts]
    assert texts, "nothing to look for"
    missing = [text for text in texts if escape(text) not in html]
    assert not missing, f"{len(missing)} of {len(texts)} rows not on the page, e.g. {missing[:3]}"
    return html
