"""Fixtures shared by every app's tests."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods.models import Role as NeighbourhoodRole
from neighbourhoods.models import RoleFramework
from neighbourhoods.reference_data import seed_role_frameworks
from partnerships.models import Theme
from wijkkompas.models import Node, Phase, Track
from wijkkompas.reference_data import seed as seed_wijkkompas

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


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_directory(tmp_path_factory):
    """Uploads (signed scans, checked import files) go to a directory of this test run, never to
    var/media, where they would pile up and be seen by later runs. The import directory is read
    from MEDIA_ROOT once, when neighbourhoods.views is imported, so it is set here as well."""
    from django.test import override_settings

    import neighbourhoods.views

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)), pytest.MonkeyPatch.context() as patch:
        patch.setattr(neighbourhoods.views, "IMPORT_DIR", media / "imports")
        yield media


@pytest.fixture(autouse=True)
def _empty_cache():
    """The test cache (LocMemCache) lives as long as the process: what one test cached (the map's
    drawings, keyed by the number of neighbourhoods and their latest change, which another test's
    data can repeat) must not reach the next. It was cleared in the map's tests only."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The themes partnerships/migrations/0003_seed_themes.py seeds.
THEMES = [
    ("isolatie", "Isoleren en energie besparen"),
    ("collectieve_warmte", "Collectieve warmte (warmtenet)"),
    ("zon", "Zonne-energie"),
    ("voorlichting", "Voorlichting en advies aan bewoners"),
    ("duurzame_mobiliteit", "Duurzame mobiliteit"),
    ("anders", "Anders"),
]


def seed_reference_data():
    """The rows the data migrations seed: role frameworks and roles, Wijkkompas tracks, phases and
    nodes, themes. Idempotent."""
    seed_role_frameworks(RoleFramework, NeighbourhoodRole)
    seed_wijkkompas(Track, Phase, Node)
    for order, (key, label) in enumerate(THEMES):
        Theme.objects.get_or_create(key=key, defaults={"label": label, "order": order})


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test (live server, migrations, the cache) ends with a flush that empties every
    table, the migrations' reference data included; pytest-django runs these tests last, in any
    order (pytest-randomly). Each one therefore starts by seeding that data again. (Serialized
    rollback would restore it, but breaks after a live-server test and on re-created content
    types.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        seed_reference_data()
