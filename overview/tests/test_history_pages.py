"""History pages are paged in the database: the same queries at 1 and 50 rows of each kind."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agreements import services as agreement_services
from core import history
from core.models import ChangeEntry
from neighbourhoods.models import Goal
from neighbourhoods.tests.factories import WijkFactory
from partnerships import services
from partnerships.models import ContactLogEntry, CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def events(obj, rows, word):
    for i in range(rows):
        history.record(
            obj, actor=None, action=ChangeEntry.Action.EVENT, changes=[history.event("need", new=f"{word} {i}")]
        )


def log(initiative, rows, first_day, word="Logregel"):
    ContactLogEntry.objects.bulk_create(
        ContactLogEntry(
            initiative=initiative,
            date=first_day + datetime.timedelta(days=i),
            summary=f"{word} {i}",
            visibility=ContactLogEntry.Visibility.SHARED,
        )
        for i in range(rows)
    )


def conversations(partnership, rows, first_day, actor, word="Gesprek"):
    for i in range(rows):
        services.add_conversation(  # a conversation in the timeline, and its history entry
            partnership, actor=actor, values={"date": first_day + datetime.timedelta(days=i), "summary": f"{word} {i}"}
        )


OLD = datetime.date(2024, 1, 1)
# Dated rows of today and later sort above today's changes, so page 1 always holds every kind.
LATER = datetime.date.today() + datetime.timedelta(days=2)


def neighbourhood_with(rows, actor):
    """(url, the oldest row, the number of rows in the timeline)"""
    wijk = WijkFactory()
    goal = Goal.objects.create(horizon=Goal.Horizon.SHORT, title="Doel")
    goal.neighbourhoods.set([wijk])
    events(wijk, rows, "Regel")
    events(goal, 1, "Nieuwste regel")
    return reverse("overview:history_neighbourhood", args=[wijk.code]), "Regel 0", rows + 1


def initiative_with(rows, actor):
    initiative = InitiativeFactory()
    log(initiative, rows, OLD)
    events(initiative, rows, "Regel")
    log(initiative, 1, LATER, "Nieuwste logregel")
    events(initiative, 1, "Nieuwste regel")
    return reverse("overview:history_initiative", args=[initiative.pk]), "Logregel 0", 2 * rows + 2


def partnership_with(rows, actor):
    partnership = PartnershipFactory()
    log(partnership.initiative, rows, OLD)
    conversations(partnership, rows, OLD + datetime.timedelta(days=100), actor)
    events(partnership, rows, "Regel")
    draft = agreement_services.create_draft(partnership, form="afsprakenlijst", actor=actor)
    agreement_services.freeze(draft, actor=actor)  # a version in the timeline, and a history entry
    log(partnership.initiative, 1, LATER, "Nieuwste logregel")
    conversations(partnership, 1, LATER, actor, "Nieuwste gesprek")
    events(partnership, 1, "Nieuwste regel")
    url = reverse("overview:history_partnership", args=[partnership.pk])
    # per row: a log entry, a conversation and its history entry, an event; then the draft's
    # creation, its freezing and version, the newest log entry, conversation (+ entry) and event,
    # and the move to "in conversation" that the first conversation makes
    return url, "Logregel 0", 4 * rows + 8


ITEM = '<li class="border-start'


# session, user, the object (permission), the content type of each kind of object whose history is
# shown, count, page, one query per kind of row on the page, municipality in the header
@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    "make, queries",
    [(neighbourhood_with, 8), (initiative_with, 8), (partnership_with, 14)],  # + documents' content type
    ids=["neighbourhood", "initiative", "partnership"],
)
def test_history_page_query_count_does_not_grow(client, medewerker, django_assert_num_queries, rows, make, queries):
    url, oldest, total = make(rows, medewerker)
    client.force_login(medewerker)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count(ITEM) == min(total, 50)
    assert "Nieuwste regel 0" in content
    if make is not neighbourhood_with:
        assert "Nieuwste logregel 0" in content
    if make is partnership_with:
        assert "Nieuwste gesprek 0" in content and "versie 1" in content
    last = client.get(url, {"page": (total - 1) // 50 + 1}).content.decode()
    assert last.count(ITEM) == (total - 1) % 50 + 1
    assert oldest in last


def test_a_coordinators_history_page_is_paged_after_leaving_out_internal_entries(client, medewerker):
    """Internal entries are left out in the database, so every page is full."""
    initiative = InitiativeFactory()
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    for i in range(60):
        history.record(
            initiative,
            actor=medewerker,
            action=ChangeEntry.Action.UPDATE,
            changes=[history.change(initiative, "notes", "", f"Intern {i}")],
        )
    events(initiative, 55, "Gedeeld")
    client.force_login(coordinator)
    first = client.get(reverse("overview:history_initiative", args=[initiative.pk])).content.decode()
    second = client.get(reverse("overview:history_initiative", args=[initiative.pk]), {"page": 2}).content.decode()
    assert first.count('<li class="border-start') == 50 and second.count('<li class="border-start') == 5
    assert "Intern" not in first + second
    assert "Gedeeld 54" in first and "Gedeeld 0" in second
