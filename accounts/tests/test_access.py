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


def a_goal():
    from neighbourhoods import services

    return {
        "pk": services.create_goal(
            actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": [BuurtFactory()]}
        ).pk
    }


def a_framework():
    from neighbourhoods.models import RoleFramework

    return {"pk": RoleFramework.objects.first().pk}


def a_framework_for_new_role():
    from neighbourhoods.models import RoleFramework

    return {"framework": RoleFramework.objects.first().pk}


def a_role():
    from neighbourhoods.models import Role

    return {"pk": Role.objects.first().pk}


EDITORS = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 403}
# A POST with no data: editors get the form back with errors (200), others are refused first.
EDITORS_POST = EDITORS


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
    ("neighbourhoods:export", {}, "get", ALL_STAFF),
    ("neighbourhoods:frameworks", {}, "get", ALL_STAFF),
    ("neighbourhoods:facts", a_buurt, "get", EDITORS),
    ("neighbourhoods:facts", a_buurt, "post", EDITORS_POST),
    ("neighbourhoods:role", a_buurt, "get", EDITORS),
    ("neighbourhoods:role", a_buurt, "post", EDITORS_POST),
    ("neighbourhoods:bulk_role", {}, "get", EDITORS),
    ("neighbourhoods:bulk_role", {}, "post", EDITORS_POST),
    ("neighbourhoods:goal_create", a_buurt, "get", EDITORS),
    ("neighbourhoods:goal_create", a_buurt, "post", EDITORS_POST),
    ("neighbourhoods:goal_update", a_goal, "get", EDITORS),
    ("neighbourhoods:goal_update", a_goal, "post", EDITORS_POST),
    ("neighbourhoods:goal_progress", a_goal, "post", EDITORS_POST),
    ("neighbourhoods:copy_goals", a_buurt, "get", EDITORS),
    ("neighbourhoods:import", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:import", {}, "post", BEHEERDER_ONLY),
    ("neighbourhoods:import_confirm", {}, "post", {**BEHEERDER_ONLY, "beheerder": 302}),
    ("neighbourhoods:framework_create", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "post", BEHEERDER_ONLY),
    ("neighbourhoods:role_create", a_framework_for_new_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "post", BEHEERDER_ONLY),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(MATRIX))
def test_access_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)
