"""Test data for the API: the demo-like pieces every API test needs."""

import datetime

from django.utils import timezone

from agreements import services as agreement_services
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Role
from neighbourhoods.tests.factories import BuurtFactory, WijkFactory
from partnerships import services as partnership_services
from partnerships.tests.factories import InitiativeFactory
from policies.models import PolicyVersion

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.17, 52.22], [5.18, 52.22], [5.18, 52.23], [5.17, 52.23], [5.17, 52.22]]],
}


def role(key):
    return Role.objects.get(key=key)


def neighbourhood_with_steps(**buurt):
    """A wijk with a role decision and a buurt inheriting it, with a goal and its progress."""
    wijk = WijkFactory()
    neighbourhood_services.set_role_decision(
        wijk,
        actor=None,
        values={
            "roles": [role("regisseur"), role("facilitator")],
            "dominant_roles": [role("regisseur")],
            "room_for_initiatives": "much",
            "decided_on": datetime.date(2026, 3, 2),
        },
    )
    buurt = BuurtFactory(
        parent=wijk, geometry=SQUARE, geometry_crs="OGC:CRS84", wup_date=datetime.date(2026, 5, 1), **buurt
    )
    goal = neighbourhood_services.create_goal(
        actor=None, values={"horizon": "kort", "title": "Tien keukentafelgesprekken", "neighbourhoods": [buurt]}
    )
    neighbourhood_services.add_goal_progress(goal, actor=None, date="2026-04-01", value=4, note="")
    return wijk, buurt


def published_partnership(neighbourhood, *, name=None, open_data=True):
    initiative = InitiativeFactory(**({"name": name} if name else {}), open_data=open_data)
    initiative.neighbourhoods.set([neighbourhood])
    partnership = partnership_services.start_partnership(
        initiative, actor=None, neighbourhoods=[neighbourhood], start_reason="test"
    )
    return partnership


def agreed_draft(partnership, staff, coordinator):
    draft = agreement_services.create_draft(partnership, form="samenwerkingsverklaring", actor=staff)
    version = agreement_services.freeze(draft, actor=staff)
    agreement_services.agree(version, side="municipality", actor=staff)
    agreement_services.agree(version, side="initiative", actor=coordinator)
    return draft


def published_policy(number=1, **values):
    values.setdefault("published_at", timezone.now())
    return PolicyVersion.objects.create(number=number, status=PolicyVersion.Status.PUBLISHED, **values)
