"""No stale page after a write: every page cached with core.cache shows the new data on the very next
request, whichever way the data was written (a service, the admin, `QuerySet.update`,
`bulk_create`/`bulk_update`, a delete).

The writes commit for real (`transaction=True`): that is when the other workers' view must change.
Each test first loads the page until it is served from the cache (no more queries than the
session and the user need, or clearly fewer than the first time), so that a pass proves the cached
copy was invalidated, not that there was none."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Municipality, Neighbourhood, Role
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory, WijkFactory
from partnerships import services as partnership_services
from partnerships.models import Initiative
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory
from wijkkompas import services as wijkkompas_services
from wijkkompas.models import Track, TrackView

# serialized_rollback: the flush after each test would otherwise remove the reference data the
# migrations seed (roles, tracks), which later tests in the same process rely on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cached_page(client, url, at_most=3) -> str:
    """Load `url` until it comes from the cache (only the session, the user and at most one more
    query left; computed, each of these pages takes 8 or more); its HTML."""
    counts = []
    for _ in range(3):  # the first computation learns the tables, the second stores
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[-1] <= at_most, f"{url} is not served from the cache: {counts}"
    return response.content.decode()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def figure(html, name):
    return int(re.search(rf'data-figure="{name}">(\d+)<', html).group(1))


@pytest.fixture
def staff(client):
    user = UserFactory(beheerder=True)
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    user = UserFactory(beheerder=True, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_dashboard_after_a_service_a_queryset_update_and_a_delete(client, staff):
    InitiativeFactory(name="Eerste")
    url = reverse("overview:home")
    assert figure(cached_page(client, url), "initiatives") == 1

    partnership_services.create_initiative(actor=staff, values={"name": "Tweede", "email": "t@example.org"})
    assert figure(page(client, url), "initiatives") == 2

    # A partnership whose review is overdue appears under "needs attention" after an update.
    far = datetime.date.today() + datetime.timedelta(days=365)
    partnership = PartnershipFactory(initiative=Initiative.objects.get(name="Tweede"), review_date=far)
    link = reverse("partnerships:detail", args=[partnership.pk])
    assert link not in cached_page(client, url)
    long_ago = datetime.date.today() - datetime.timedelta(days=30)
    type(partnership).objects.filter(pk=partnership.pk).update(review_date=long_ago)
    assert link in page(client, url)

    cached_page(client, url)
    Initiative.objects.filter(name="Eerste").delete()
    assert figure(page(client, url), "initiatives") == 1


def test_neighbourhood_list_after_bulk_create_bulk_update_and_a_role_decision(client, staff):
    wijk = WijkFactory(name="Oudewijk")
    url = reverse("neighbourhoods:list")
    html = cached_page(client, url)
    assert "Oudewijk" in html and "Nieuwbuurt" not in html

    Neighbourhood.objects.bulk_create(
        [Neighbourhood(code="BU99990101", kind="buurt", name="Nieuwbuurt", parent=wijk, municipality_code="GM9999")]
    )
    assert "Nieuwbuurt" in page(client, url)

    cached_page(client, url)
    wijk.name = "Hernoemdewijk"
    Neighbourhood.objects.bulk_update([wijk], ["name"])  # as the CBS import does
    assert "Hernoemdewijk" in page(client, url)

    cached_page(client, url)
    role = Role.objects.filter(framework__active=True).first()
    neighbourhood_services.set_role_decision(wijk, actor=staff, values={"roles": [role], "rationale": "Omdat."})
    html = page(client, url)
    assert role.label in html


def test_neighbourhood_page_after_cbs_figures_and_an_update(client, staff):
    buurt = BuurtFactory(name="Feitenbuurt")
    url = reverse("neighbourhoods:detail", args=[buurt.code])
    assert "Feitenbuurt" in cached_page(client, url)

    Neighbourhood.objects.filter(pk=buurt.pk).update(name="Andere naam")
    assert "Andere naam" in page(client, url)

    html = cached_page(client, url)
    written = neighbourhood_services.store_demo_facts({buurt: {2023: {"aantal_inwoners": 4321}}})
    assert written
    after = page(client, url)
    assert after != html and ("4321" in after or "4.321" in after)


def test_initiative_list_after_a_hand_over_and_an_admin_change(client, superuser):
    old = UserFactory(medewerker=True, full_name="Oude Contactpersoon")
    new = UserFactory(medewerker=True, full_name="Nieuwe Contactpersoon")
    InitiativeFactory(name="Zonnedak", contact=old)
    url = reverse("initiatives:list")
    assert "Oude Contactpersoon" in cached_page(client, url)

    partnership_services.hand_over(from_user=old, to_user=new, note="Verlof", actor=superuser)
    html = page(client, url)
    assert "Nieuwe Contactpersoon" in html and "Oude Contactpersoon" not in html

    cached_page(client, url)
    response = client.post(
        reverse("admin:accounts_user_change", args=[new.pk]),
        {
            "email": new.email,
            "full_name": "Via Beheer",
            "role": new.role,
            "language": new.language or "nl",
            "notification_mail": new.notification_mail,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Via Beheer" in page(client, url)


def test_wijkkompas_page_after_an_admin_change_of_reference_data_and_an_update(client, superuser):
    partnership = PartnershipFactory()
    discussion = wijkkompas_services.start_discussion(partnership, actor=superuser, from_previous=False)
    url = reverse("wijkkompas:discussion", args=[discussion.pk])
    at_most = 4  # the discussion itself is read for the permission check
    track = Track.objects.order_by("pk").first()
    assert track.label in cached_page(client, url, at_most)

    TrackView.objects.filter(discussion=discussion, track=track).update(municipality_note="Notitie via update")
    assert "Notitie via update" in page(client, url)

    cached_page(client, url, at_most)
    data = {f.name: getattr(track, f.attname) for f in Track._meta.concrete_fields if f.editable and f.name != "id"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["label"] = "Spoor via beheer"
    response = client.post(reverse("admin:wijkkompas_track_change", args=[track.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Spoor via beheer" in page(client, url)


def test_every_page_header_after_a_municipality_update(client, staff):
    MunicipalityFactory(name="Eerstegemeente")
    url = reverse("neighbourhoods:list")
    assert "Eerstegemeente" in cached_page(client, url)
    Municipality.objects.update(name="Hernoemdegemeente")
    assert "Hernoemdegemeente" in page(client, url)
