"""A closed partnership (stopped together, ended) is closed on the server, not only in the page:
every service that adds or changes something in its file refuses, views turn that into a message
and a redirect (never a server error), nothing is written, and reopening still works
(security finding 8)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from partnerships import services, workflow
from partnerships.models import (
    Activity,
    Assessment,
    Comment,
    Conversation,
    CoordinatorAccess,
    Need,
    Partnership,
    SharedGoal,
)
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

CLOSED_NL = "Dit partnerschap is afgesloten (samen gestopt)"
ANSWERS = {
    "goal_clear": True,
    "exploring": False,
    "narrow_goals": False,
    "project_development": False,
    "large_scale": False,
    "last_recalibrated": None,
}


@pytest.fixture
def file(medewerker):
    """A partnership with a conversation, a need and an activity, then stopped together."""
    partnership = PartnershipFactory()
    conversation = services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2026, 10, 1), "summary": "Start"}
    )
    need = services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "initiative", "category": "budget", "description": "Procesgeld"},
    )
    activity = services.add_activity(partnership, actor=medewerker, values={"what": "Buurtavond"})
    assessment, _result = services.record_assessment(partnership, actor=medewerker, answers=ANSWERS)
    partnership = stop(partnership, medewerker)
    return {
        "partnership": partnership,
        "conversation": conversation,
        "need": need,
        "activity": activity,
        "assessment": assessment,
    }


def stop(partnership, actor):
    return services.change_status(
        partnership,
        "stopped_together",
        actor=actor,
        stop_reasons="Te ver uit elkaar",
        stop_agreed_by="Beide besturen",
        stop_date=datetime.date(2026, 11, 1),
    )


def coordinator_of(partnership):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=partnership.initiative)
    return user


def written():
    """What the file holds, to compare before and after a refused request."""
    return (
        list(Conversation.objects.values()),
        list(Need.objects.values()),
        list(SharedGoal.objects.values()),
        list(Activity.objects.values()),
        list(Comment.objects.values()),
        list(Assessment.objects.values()),
        ChangeEntry.objects.count(),
    )


def assert_refused(response, partnership, url):
    assert response.status_code == 302, f"{url}: {response.status_code}"
    assert response["Location"] == reverse("partnerships:detail", args=[partnership.pk])
    assert any(CLOSED_NL in str(m) for m in get_messages(response.wsgi_request))


def test_a_coordinator_cannot_add_an_activity_need_or_comment_to_a_stopped_partnership(client, file):
    partnership, conversation = file["partnership"], file["conversation"]
    client.force_login(coordinator_of(partnership))
    before = written()
    for url, data in [
        (reverse("partnerships:activity_create", args=[partnership.pk]), {"what": "Flyers", "status": "planned"}),
        (reverse("partnerships:need_create", args=[conversation.pk]), {"category": "budget", "description": "Geld"}),
        (reverse("partnerships:comment_create", args=[conversation.pk]), {"text": "Toch nog even dit"}),
        (
            reverse("partnerships:need_update", args=[file["need"].pk]),
            {"version": 1, "category": "budget", "description": "Anders"},
        ),
        (reverse("partnerships:activity_take_on", args=[file["activity"].pk]), {}),
    ]:
        assert_refused(client.post(url, data), partnership, url)
    assert written() == before


def test_staff_cannot_change_a_stopped_partnership_either(client, file, medewerker):
    partnership, conversation = file["partnership"], file["conversation"]
    client.force_login(medewerker)
    before = written()
    conversation_data = {"date": "2026-12-01", "summary": "Nog een gesprek", "outcome": "continue"}
    answers = {k: "" if v is None else str(v) for k, v in ANSWERS.items()}
    for url, data in [
        (
            reverse("partnerships:activity_create", args=[partnership.pk]),
            {"what": "X", "responsible": "open", "status": "planned"},
        ),
        (
            reverse("partnerships:activity_update", args=[file["activity"].pk]),
            {"version": 1, "what": "Y", "responsible": "open", "status": "planned"},
        ),
        (
            reverse("partnerships:need_create", args=[conversation.pk]),
            {"direction": "municipality", "category": "reach", "description": "Bereik"},
        ),
        (
            reverse("partnerships:need_update", args=[file["need"].pk]),
            {"version": 1, "direction": "initiative", "category": "budget", "description": "Anders"},
        ),
        (reverse("partnerships:comment_create", args=[conversation.pk]), {"text": "Reactie"}),
        (reverse("partnerships:goal_create", args=[conversation.pk]), {"description": "Samen isoleren"}),
        (reverse("partnerships:conversation_create", args=[partnership.pk]), {"version": "", **conversation_data}),
        (reverse("partnerships:conversation_update", args=[conversation.pk]), {"version": 1, **conversation_data}),
        (reverse("partnerships:assess", args=[partnership.pk]), answers),
        (
            reverse("partnerships:assessment", args=[file["assessment"].pk]),
            {"chosen_level": "zwaar", "override_reason": "Toch zwaarder"},
        ),
    ]:
        assert_refused(client.post(url, data), partnership, url)
    assert written() == before


@pytest.mark.parametrize("status", sorted(workflow.CLOSED))
def test_every_service_refuses_a_closed_partnership(status, medewerker):
    partnership = PartnershipFactory()
    conversation = services.add_conversation(partnership, actor=medewerker, values={"date": datetime.date.today()})
    need = services.add_need(
        conversation, actor=medewerker, values={"direction": "initiative", "category": "data", "description": "D"}
    )
    activity = services.add_activity(partnership, actor=medewerker, values={"what": "A"})
    assessment, _result = services.record_assessment(partnership, actor=medewerker, answers=ANSWERS)
    # Closed by someone else a moment ago: the copy in memory still says "exploring"; the database decides.
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    before = written()
    refused = [
        lambda: services.add_conversation(partnership, actor=medewerker, values={"date": datetime.date.today()}),
        lambda: services.update_conversation(
            conversation, actor=medewerker, expected_version=1, values={"summary": "S"}
        ),
        lambda: services.add_need(conversation, actor=medewerker, values={"category": "data", "description": "X"}),
        lambda: services.update_need(need, actor=medewerker, expected_version=1, values={"description": "X"}),
        lambda: services.add_shared_goal(conversation, actor=medewerker, description="G", neighbourhood_goals=[]),
        lambda: services.add_activity(partnership, actor=medewerker, values={"what": "B"}),
        lambda: services.update_activity(activity, actor=medewerker, expected_version=1, values={"what": "B"}),
        lambda: services.take_on_activity(activity, actor=medewerker),
        lambda: services.add_comment(conversation, actor=medewerker, text="C"),
        lambda: services.record_assessment(partnership, actor=medewerker, answers=ANSWERS),
        lambda: services.override_level(assessment, actor=medewerker, level="zwaar", reason="R"),
    ]
    for change in refused:
        with pytest.raises(workflow.PartnershipClosedError):
            change()
    assert written() == before


def test_reopening_a_stopped_partnership_still_works_and_opens_the_file_again(client, file, medewerker):
    partnership = file["partnership"]
    client.force_login(medewerker)
    response = client.post(reverse("partnerships:reopen", args=[partnership.pk]), {"note": "Nieuw bestuur."})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "exploring"
    client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        {"what": "Opnieuw beginnen", "responsible": "open", "status": "planned"},
    )
    assert Activity.objects.filter(what="Opnieuw beginnen").exists()


def test_a_closed_partnership_offers_no_edit_links(client, file, medewerker):
    partnership = file["partnership"]
    client.force_login(medewerker)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    for url in [
        reverse("partnerships:activity_update", args=[file["activity"].pk]),
        reverse("partnerships:need_update", args=[file["need"].pk]),
        reverse("partnerships:conversation_update", args=[file["conversation"].pk]),
        reverse("partnerships:comment_create", args=[file["conversation"].pk]),
        reverse("partnerships:assess", args=[partnership.pk]),
    ]:
        assert url not in page
    assert reverse("partnerships:reopen", args=[partnership.pk]) in page
