"""Fixtures shared by every app's tests."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory

# The real OpenID Provider for the single sign-on tests (started only by tests that ask for it).
pytest_plugins = ["tests.oidc_provider.fixtures"]

ROLES = ["anonymous", Role.BEHEERDER.value, Role.MEDEWERKER.value, Role.LEZER.value, Role.COORDINATOR.value]


@pytest.fixture
def client_for(client, db):
    """`client_for("lezer")` gives a test client logged in as a fresh user with that role."""

    def make(role):
        if role == "anonymous":
            return client
        user = UserFactory(role=role)
        if role == Role.COORDINATOR:
            # A coordinator always belongs to an initiative of their own.
            from partnerships.models import CoordinatorAccess
            from partnerships.tests.factories import InitiativeFactory

            client.own_initiative = InitiativeFactory()
            CoordinatorAccess.objects.create(user=user, initiative=client.own_initiative)
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def beheerder(db):
    return UserFactory(beheerder=True)


@pytest.fixture
def medewerker(db):
    return UserFactory(medewerker=True)


@pytest.fixture
def lezer(db):
    return UserFactory(lezer=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so counters kept there (the password reset's rate limit)
    do not carry over from a test that ran before in the same worker."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """ContentType lookups are cached per process; clear the cache so query counts do not depend on
    which test ran before in the same worker."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
