import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """The rate limit counts in the cache: each test starts with a clean count, and one high enough
    for walking the whole API (the tests of the limit set their own with override_settings)."""
    settings.API_RATE_LIMIT = "100000/minute"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client):
    """The test client, as an API user: no login, no cookies."""
    return client
