"""Who may open which page: every role against every URL, including other initiatives' objects.

A coordinator (role `coordinator`) has an initiative of their own (`client.own_initiative`);
every object made below belongs to someone else, so staff pages and other initiatives answer
404 for them. Their own initiative is covered by OWN_MATRIX at the end.
"""

import pytest

from accounts.tests.factories import UserFactory
from core.testing import assert_access, matrix_params
from neighbourhoods.tests.factories import BuurtFactory
from partnerships.tests.factories import InitiativeFactory

ALL_STAFF = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 404}
BEHEERDER_ONLY = {"anonymous": 302, "beheerder": 200, "medewerker": 403, "lezer": 403, "coordinator": 404}
EDITORS = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 403, "coordinator": 404}
SIGNED_IN = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 200}
PUBLIC = {"anonymous": 200, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 200}
GONE = {role: 410 for role in PUBLIC}


def redirecting(expectations, *roles):
    """The same expectations, with a redirect (302) after success for `roles`."""
    return {**expectations, **{role: 302 for role in roles}}


def other_user(client):
    return {"pk": UserFactory().pk}


def a_buurt(client):
    return {"code": BuurtFactory().code}


def a_goal(client):
    from neighbourhoods import services

    goal = services.create_goal(
        actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": [BuurtFactory()]}
    )
    return {"pk": goal.pk}


def a_framework(client):
    from neighbourhoods.models import RoleFramework

    return {"pk": RoleFramework.objects.first().pk}


def a_framework_for_new_role(client):
    return {"framework": a_framework(client)["pk"]}


def a_role(client):
    from neighbourhoods.models import Role

    return {"pk": Role.objects.first().pk}


def other_initiative(client):
    return {"pk": InitiativeFactory().pk}


def other_invitation(client):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Invitation

    invitation = Invitation.objects.create(
        initiative=InitiativeFactory(),
        email="x@example.org",
        token_hash=UserFactory().email.ljust(64, "0")[:64],
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"pk": invitation.pk}


def a_draft(client):
    from policies.models import PolicyVersion

    return {"pk": PolicyVersion.objects.create(number=7).pk}


def a_published_version(client):
    from policies.models import PolicyVersion

    return {"pk": PolicyVersion.objects.create(number=3, status="published").pk}


MATRIX = [
    ("core:home", {}, "get", redirecting(ALL_STAFF, "coordinator")),
    ("core:healthz", {}, "get", PUBLIC),
    ("accounts:profile", {}, "get", SIGNED_IN),
    ("accounts:password_change", {}, "get", SIGNED_IN),
    ("accounts:user_list", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_create", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "post", BEHEERDER_ONLY),
    ("accounts:invitation_accept", {}, "get", GONE),
    ("accounts:invitation", {"token": "geen-echte-token"}, "get", GONE),
    ("neighbourhoods:list", {}, "get", ALL_STAFF),
    ("neighbourhoods:detail", a_buurt, "get", ALL_STAFF),
    ("neighbourhoods:municipality", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:municipality", {}, "post", BEHEERDER_ONLY),
    ("neighbourhoods:export", {}, "get", ALL_STAFF),
    ("neighbourhoods:frameworks", {}, "get", ALL_STAFF),
    ("neighbourhoods:facts", a_buurt, "get", EDITORS),
    # A POST with no data: editors get the form back with errors (200), others are refused first.
    ("neighbourhoods:facts", a_buurt, "post", EDITORS),
    ("neighbourhoods:role", a_buurt, "get", EDITORS),
    ("neighbourhoods:role", a_buurt, "post", EDITORS),
    ("neighbourhoods:bulk_role", {}, "get", EDITORS),
    ("neighbourhoods:bulk_role", {}, "post", EDITORS),
    ("neighbourhoods:goal_create", a_buurt, "get", EDITORS),
    ("neighbourhoods:goal_create", a_buurt, "post", EDITORS),
    ("neighbourhoods:goal_update", a_goal, "get", EDITORS),
    ("neighbourhoods:goal_update", a_goal, "post", EDITORS),
    ("neighbourhoods:goal_progress", a_goal, "post", EDITORS),
    ("neighbourhoods:copy_goals", a_buurt, "get", EDITORS),
    ("neighbourhoods:import", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:import", {}, "post", BEHEERDER_ONLY),
    ("neighbourhoods:import_confirm", {}, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("neighbourhoods:framework_create", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "post", BEHEERDER_ONLY),
    ("neighbourhoods:role_create", a_framework_for_new_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "post", BEHEERDER_ONLY),
    ("partnerships:list", {}, "get", ALL_STAFF),
    ("partnerships:export", {}, "get", ALL_STAFF),
    ("partnerships:create", {}, "get", EDITORS),
    ("partnerships:create", {}, "post", EDITORS),
    ("partnerships:handover", {}, "get", BEHEERDER_ONLY),
    ("partnerships:handover", {}, "post", BEHEERDER_ONLY),
    (
        "partnerships:mine",
        {},
        "get",
        {"anonymous": 302, "beheerder": 403, "medewerker": 403, "lezer": 403, "coordinator": 302},
    ),
    ("partnerships:detail", other_initiative, "get", ALL_STAFF),
    ("partnerships:update", other_initiative, "get", EDITORS),
    ("partnerships:update", other_initiative, "post", EDITORS),
    ("partnerships:log_create", other_initiative, "get", EDITORS),
    ("partnerships:log_create", other_initiative, "post", EDITORS),
    ("partnerships:invite", other_initiative, "get", EDITORS),
    ("partnerships:invite", other_initiative, "post", EDITORS),
    ("partnerships:invitation_resend", other_invitation, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("partnerships:invitation_revoke", other_invitation, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("policies:index", {}, "get", ALL_STAFF),
    ("policies:detail", a_published_version, "get", ALL_STAFF),
    ("policies:start_draft", {}, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("policies:edit", a_draft, "get", BEHEERDER_ONLY),
    ("policies:edit", a_draft, "post", BEHEERDER_ONLY),
    ("policies:edit", a_published_version, "get", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("policies:publish", a_draft, "get", BEHEERDER_ONLY),
    ("policies:publish", a_draft, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(MATRIX))
def test_access_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)


def own_initiative(client):
    return {"pk": client.own_initiative.pk}


def own_invitation(client):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Invitation

    invitation = Invitation.objects.create(
        initiative=client.own_initiative,
        email="y@example.org",
        token_hash="f" * 64,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"pk": invitation.pk}


# What a coordinator may do with their own initiative: read it and edit its profile; the
# municipal parts (log entries, invitations) stay staff-only.
OWN_MATRIX = [
    ("partnerships:detail", own_initiative, "get", {"coordinator": 200}),
    ("partnerships:update", own_initiative, "get", {"coordinator": 200}),
    ("partnerships:update", own_initiative, "post", {"coordinator": 200}),
    ("partnerships:log_create", own_initiative, "get", {"coordinator": 404}),
    ("partnerships:invite", own_initiative, "get", {"coordinator": 404}),
    ("partnerships:invitation_revoke", own_invitation, "post", {"coordinator": 404}),
    ("partnerships:invitation_resend", own_invitation, "post", {"coordinator": 404}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(OWN_MATRIX))
def test_coordinator_own_initiative_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)
