"""Fixtures shared by the draft agreement tests: a partnership with something to draft from, a draft
of it, its coordinator, a coordinator of another initiative, and a draft both sides agreed to."""

import datetime

import pytest

from agreements import services
from agreements.models import Draft
from agreements.tests.helpers import coordinator_of
from core.tests.conftest import final_version  # noqa: F401  (shared with core's tests)
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory


@pytest.fixture
def partnership(medewerker):
    """A partnership with a shared goal, an activity, a need for support and a review date."""
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(
        initiative__name="Zonnig Zuid (fictief)", intensity="middel", review_date=datetime.date(2026, 3, 1)
    )
    conversation = partnership_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2025, 1, 10), "summary": "Kennismaking"}
    )
    partnership_services.add_shared_goal(
        conversation, actor=medewerker, description="Honderd daken vol zonnepanelen", neighbourhood_goals=[]
    )
    partnership_services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "initiative", "category": "knowledge", "description": "Advies over subsidies"},
    )
    partnership_services.add_activity(
        partnership,
        actor=medewerker,
        values={"what": "Buurtavond organiseren", "responsible": "initiative", "due_date": datetime.date(2025, 6, 1)},
    )
    return partnership


@pytest.fixture
def draft(partnership, medewerker):
    return services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)


@pytest.fixture
def coordinator(partnership):
    return coordinator_of(partnership.initiative)


@pytest.fixture
def other_coordinator(db):
    return coordinator_of(InitiativeFactory())


@pytest.fixture
def final_draft(draft, medewerker, coordinator):
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=coordinator)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.FINAL
    return draft
