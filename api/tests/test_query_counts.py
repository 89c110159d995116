"""Each list costs the same number of queries for 1 row as for 50 (and the rows are there)."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from api.tests.helpers import SQUARE, agreed_draft, published_partnership, published_policy, role
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory
from partnerships.models import Theme

pytestmark = pytest.mark.django_db


def buurten(rows):
    """`rows` buurten of one wijk with a decision, each with a goal and progress; one with its own role."""
    wijk = WijkFactory()
    neighbourhood_services.set_role_decision(
        wijk, actor=None, values={"roles": [role("regisseur")], "dominant_roles": [role("regisseur")]}
    )
    made = BuurtFactory.create_batch(rows, parent=wijk, geometry=SQUARE, geometry_crs="OGC:CRS84")
    neighbourhood_services.set_role_decision(made[0], actor=None, values={"roles": [role("facilitator")]})
    for buurt in made:
        goal = neighbourhood_services.create_goal(
            actor=None, values={"horizon": "lang", "title": "Aardgasvrij", "neighbourhoods": [buurt, wijk]}
        )
        neighbourhood_services.add_goal_progress(goal, actor=None, date=datetime.date(2026, 1, 1), value=1, note="")
    return wijk, made


@pytest.mark.parametrize("rows", [1, 50])
def test_neighbourhoods(api, django_assert_num_queries, rows):
    buurten(rows)
    # count, page (with wijk and decisions), the 4 role prefetches, goals, progress
    with django_assert_num_queries(8):
        body = api.get("/api/v1/neighbourhoods?kind=buurt&pageSize=100").json()
    assert len(body["neighbourhoods"]) == rows
    assert all(n["role"] and n["goals"]["lang"][0]["progress"] for n in body["neighbourhoods"])


@pytest.mark.parametrize("rows", [1, 50])
def test_boundaries(api, django_assert_num_queries, rows):
    buurten(rows)
    with django_assert_num_queries(2):  # count, page (with the wijk)
        body = api.get("/api/v1/boundaries?kind=buurt&pageSize=100", HTTP_ACCEPT_CRS="EPSG:28992").json()
    assert body["numberReturned"] == rows and all(f["geometry"] for f in body["features"])


def partnerships(rows):
    staff, coordinator = UserFactory(), UserFactory(role="coordinator")
    published_policy()
    buurt = BuurtFactory()
    themes = list(Theme.objects.all()[:2])
    made = []
    for _ in range(rows):
        partnership = published_partnership(buurt)
        partnership.initiative.themes.set(themes)
        agreed_draft(partnership, staff, coordinator)
        made.append(partnership)
    published_partnership(buurt, open_data=False)  # never listed
    return buurt, made


@pytest.mark.parametrize("rows", [1, 50])
def test_partnerships(api, django_assert_num_queries, rows):
    partnerships(rows)
    # count, page (with initiative and way of working), themes, the initiative's and the
    # partnership's neighbourhoods, drafts, versions
    with django_assert_num_queries(7):
        body = api.get("/api/v1/partnerships?pageSize=100").json()
    assert len(body["partnerships"]) == rows
    assert all(p["agreements"][0]["state"] == "agreed" and p["initiative"]["themes"] for p in body["partnerships"])


@pytest.mark.parametrize("rows", [1, 50])
def test_partnerships_of_a_neighbourhood(api, django_assert_num_queries, rows):
    buurt, _made = partnerships(rows)
    with django_assert_num_queries(8):  # the neighbourhood, then as the list above
        body = api.get(f"/api/v1/neighbourhoods/{buurt.code}/partnerships?pageSize=100").json()
    assert len(body["partnerships"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_ways_of_working(api, django_assert_num_queries, rows):
    for number in range(1, rows + 1):
        published_policy(number, published_at=timezone.now())
    with django_assert_num_queries(3):  # count, page, the current number
        body = api.get("/api/v1/ways-of-working?pageSize=100").json()
    assert len(body["waysOfWorking"]) == rows
    assert [v["current"] for v in body["waysOfWorking"]] == [True] + [False] * (rows - 1)
