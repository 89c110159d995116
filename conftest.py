"""Fixtures shared by every app's tests."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory

ROLES = ["anonymous", Role.BEHEERDER.value, Role.MEDEWERKER.value, Role.LEZER.value]


@pytest.fixture
def client_for(client, db):
    """`client_for("lezer")` gives a test client logged in as a fresh user with that role."""

    def make(role):
        if role == "anonymous":
            return client
        user = UserFactory(role=role)
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
