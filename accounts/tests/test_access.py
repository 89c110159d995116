"""Who may open which page: every role against every URL so far."""

import pytest

from accounts.tests.factories import UserFactory
from core.testing import assert_access, matrix_params
from neighbourhoods.tests.factories import BuurtFactory

ALL_STAFF = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200}
BEHEERDER_ONLY = {"anonymous": 302, "beheerder": 200, "medewerker": 403, "lezer": 403}
PUBLIC = {"anonymous": 200, "beheerder": 200, "medewerker": 200, "lezer": 200}


def other_user():
    return {"pk": UserFactory().pk}


def a_buurt():
    return {"code": BuurtFactory().code}


MATRIX = [
    ("core:home", {}, "get", ALL_STAFF),
    ("core:healthz", {}, "get", PUBLIC),
    ("accounts:profile", {}, "get", ALL_STAFF),
    ("accounts:password_change", {}, "get", ALL_STAFF),
    ("accounts:user_list", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_create", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "post", {**BEHEERDER_ONLY, "beheerder": 200}),
    ("neighbourhoods:list", {}, "get", ALL_STAFF),
    ("neighbourhoods:detail", a_buurt, "get", ALL_STAFF),
    ("neighbourhoods:municipality", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:municipality", {}, "post", {**BEHEERDER_ONLY, "beheerder": 200}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(MATRIX))
def test_access_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)
