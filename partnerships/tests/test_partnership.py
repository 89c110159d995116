"""The partnership file in use: the steps gate, the conversation, the coordinator's side,
intensity, stopping together and reopening."""

import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.testing import assert_on_page
from neighbourhoods import services as nb_services
from neighbourhoods.models import Role
from neighbourhoods.tests.factories import BuurtFactory
from partnerships import intensity, services
from partnerships.models import Activity, CoordinatorAccess, Need, Partnership
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory
from policies.models import PolicyVersion

pytestmark = pytest.mark.django_db


def complete_steps(buurt):
    nb_services.set_role_decision(
        buurt, actor=None, values={"roles": [Role.objects.get(key="facilitator")], "dominant_roles": []}
    )
    for horizon in ["kort", "middellang", "lang"]:
        nb_services.create_goal(
            actor=None, values={"horizon": horizon, "title": f"Doel {horizon}", "neighbourhoods": [buurt]}
        )
    return PolicyVersion.objects.create(number=1, status="published")


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def test_starting_before_the_steps_are_done_needs_a_reason(client, medewerker):
    buurt = BuurtFactory()
    initiative = InitiativeFactory()
    initiative.neighbourhoods.set([buurt])
    client.force_login(medewerker)
    page = client.get(reverse("partnerships:start", args=[initiative.pk])).content.decode()
    assert reverse("neighbourhoods:role", args=[buurt.code]) in page  # links to what is missing
    assert reverse("policies:index") in page
    response = client.post(reverse("partnerships:start", args=[initiative.pk]), {"neighbourhoods": [buurt.pk]})
    assert response.status_code == 200
    assert "geef een reden om toch te starten" in response.content.decode()
    assert not Partnership.objects.exists()
    response = client.post(
        reverse("partnerships:start", args=[initiative.pk]),
        {"neighbourhoods": [buurt.pk], "start_reason": "Het initiatief staat te popelen."},
    )
    partnership = Partnership.objects.get()
    assert response["Location"] == reverse("partnerships:detail", args=[partnership.pk])
    assert partnership.start_reason == "Het initiatief staat te popelen."
    assert partnership.status == "exploring" and partnership.policy_version is None


def test_with_the_steps_done_no_reason_is_needed_and_the_policy_version_is_kept(client, medewerker):
    buurt = BuurtFactory()
    policy = complete_steps(buurt)
    initiative = InitiativeFactory()
    client.force_login(medewerker)
    client.post(reverse("partnerships:start", args=[initiative.pk]), {"neighbourhoods": [buurt.pk]})
    partnership = Partnership.objects.get()
    assert partnership.policy_version == policy and partnership.start_reason == ""
    # A later version does not change what applied at the start.
    PolicyVersion.objects.create(number=2, status="published")
    partnership.refresh_from_db()
    assert partnership.policy_version == policy


def test_a_conversation_with_needs_goals_and_activities(client, medewerker):
    buurt = BuurtFactory()
    goal = nb_services.create_goal(
        actor=None, values={"horizon": "kort", "title": "Isoleren", "neighbourhoods": [buurt]}
    )
    partnership = PartnershipFactory()
    partnership.neighbourhoods.set([buurt])
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:conversation_create", args=[partnership.pk]),
        {
            "version": "",
            "date": "2026-10-01",
            "participants": "A, B",
            "summary": "Goed gesprek",
            "internal_notes": "Let op het budget",
            "outcome": "continue",
        },
    )
    assert response.status_code == 302
    conversation = partnership.conversations.get()
    client.post(
        reverse("partnerships:need_create", args=[conversation.pk]),
        {"direction": "municipality", "category": "reach", "description": "Bereik in de straat"},
    )
    client.post(
        reverse("partnerships:goal_create", args=[conversation.pk]),
        {"description": "Samen isoleren", "neighbourhood_goals": [goal.pk]},
    )
    client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        {"what": "Subsidie aanvragen", "responsible": "municipality", "due_date": "2020-01-01", "status": "planned"},
    )
    assert conversation.needs.get().direction == "municipality"
    assert list(conversation.shared_goals.get().neighbourhood_goals.all()) == [goal]
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert "Bereik in de straat" in page and "Samen isoleren" in page and "Isoleren" in page
    assert "1 over tijd" in page  # the overdue activity is visible
    assert "Let op het budget" in page


def test_third_party_activity_needs_a_name(client, medewerker):
    partnership = PartnershipFactory()
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        {"what": "Warmtescan", "responsible": "third_party", "status": "planned"},
    )
    assert "Noem de derde partij" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_coordinator_adds_the_initiatives_side_and_takes_on_an_activity(client, medewerker):
    partnership = PartnershipFactory()
    conversation = services.add_conversation(
        partnership,
        actor=medewerker,
        values={"date": datetime.date(2026, 10, 1), "summary": "Gedeelde samenvatting", "internal_notes": "Geheim"},
    )
    municipal_need = services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "municipality", "category": "reach", "description": "Bereik", "met": False},
    )
    open_activity = services.add_activity(
        partnership, actor=medewerker, values={"what": "Buurtavond", "responsible": "open"}
    )
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)

    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert "Gedeelde samenvatting" in page and "Geheim" not in page

    # A need: always the initiative's own side, whatever is posted.
    client.post(
        reverse("partnerships:need_create", args=[conversation.pk]),
        {"direction": "municipality", "category": "budget", "description": "Procesgeld"},
    )
    need = Need.objects.get(description="Procesgeld")
    assert (need.direction, need.author) == ("initiative", coordinator)
    # The initiative's need can be corrected by the coordinator; the municipality's cannot.
    assert client.get(reverse("partnerships:need_update", args=[need.pk])).status_code == 200
    assert client.get(reverse("partnerships:need_update", args=[municipal_need.pk])).status_code == 404

    response = client.post(reverse("partnerships:activity_take_on", args=[open_activity.pk]))
    assert response.status_code == 302
    open_activity.refresh_from_db()
    assert (open_activity.responsible, open_activity.taken_on_by) == ("initiative", coordinator)
    client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        {"what": "Flyers rondbrengen", "responsible": "municipality", "status": "planned"},
    )
    assert Activity.objects.get(what="Flyers rondbrengen").responsible == "initiative"
    client.post(reverse("partnerships:comment_create", args=[conversation.pk]), {"text": "Wij doen mee!"})

    # Staff see who wrote what.
    client.force_login(medewerker)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert f"geschreven door {coordinator}" in page and "Wij doen mee!" in page


def test_an_activity_is_taken_on_once(medewerker):
    partnership = PartnershipFactory()
    activity = services.add_activity(partnership, actor=medewerker, values={"what": "X", "responsible": "open"})
    services.take_on_activity(activity, actor=medewerker)
    with pytest.raises(services.TransitionError):
        services.take_on_activity(activity, actor=medewerker)


def test_assessment_suggests_a_level_and_a_different_choice_needs_a_reason(client, medewerker):
    partnership = PartnershipFactory()
    client.force_login(medewerker)
    answers = {
        "goal_clear": "True",
        "exploring": "False",
        "narrow_goals": "False",
        "project_development": "True",
        "large_scale": "False",
        "last_recalibrated": "",
    }
    response = client.post(reverse("partnerships:assess", args=[partnership.pk]), answers)
    assessment = partnership.assessments.get()
    assert response["Location"] == reverse("partnerships:assessment", args=[assessment.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Voorgestelde intensiteit: zwaar" in page
    assert "rolverdeling" in page and "kosten en financiering" in page
    assert "Intentieovereenkomst" in page and "Nagele" in page  # a fitting example
    partnership.refresh_from_db()
    # The first assessment schedules the first re-calibration a year ahead, not "due today".
    assert partnership.intensity == "zwaar"
    assert partnership.review_date == intensity.add_months(datetime.date.today(), 12)

    response = client.post(reverse("partnerships:assessment", args=[assessment.pk]), {"chosen_level": "middel"})
    assert "Geef een reden" in response.content.decode()
    client.post(
        reverse("partnerships:assessment", args=[assessment.pk]),
        {"chosen_level": "middel", "override_reason": "Klein project, weinig risico."},
    )
    partnership.refresh_from_db()
    assert partnership.intensity == "middel"


def test_an_unclear_goal_says_to_work_on_it_first(client, medewerker):
    partnership = PartnershipFactory()
    client.force_login(medewerker)
    answers = {
        "goal_clear": "False",
        "exploring": "True",
        "narrow_goals": "False",
        "project_development": "False",
        "large_scale": "False",
        "last_recalibrated": "2026-06-01",
    }
    response = client.post(reverse("partnerships:assess", args=[partnership.pk]), answers, follow=True)
    assert "Werk eerst aan het gezamenlijke doel" in response.content.decode()
    assert partnership.assessments.get().suggested_level == ""


def test_stopping_together_and_reopening(client, medewerker):
    partnership = PartnershipFactory(status="in_conversation")
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:stop", args=[partnership.pk]), {"stop_reasons": "", "stop_agreed_by": ""}
    )
    assert response.status_code == 200
    assert Partnership.objects.get().status == "in_conversation"
    response = client.post(
        reverse("partnerships:stop", args=[partnership.pk]),
        {"stop_reasons": "Te ver uit elkaar.", "stop_agreed_by": "Wethouder en bestuur", "stop_date": "2026-10-20"},
    )
    assert response.status_code == 200  # without saying it was agreed outside the app
    assert Partnership.objects.get().status == "in_conversation"
    response = client.post(
        reverse("partnerships:stop", args=[partnership.pk]),
        {
            "agreed_outside": "Overleg met het bestuur op 20 oktober",
            "stop_reasons": "Te ver uit elkaar.",
            "stop_agreed_by": "Wethouder en bestuur",
            "stop_date": "2026-10-20",
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.status, partnership.stop_agreed_by) == ("stopped_together", "Wethouder en bestuur")
    overview = client.get(reverse("partnerships:list")).content.decode()
    assert "samen gestopt" in overview
    detail = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert "Te ver uit elkaar." in detail
    # Reopening needs a note; the stop reasons stay in the file.
    client.post(reverse("partnerships:reopen", args=[partnership.pk]), {"note": ""})
    assert Partnership.objects.get().status == "stopped_together"
    client.post(reverse("partnerships:reopen", args=[partnership.pk]), {"note": "Nieuw bestuur, nieuwe kansen."})
    partnership.refresh_from_db()
    assert partnership.status == "exploring" and partnership.stop_reasons == "Te ver uit elkaar."
    assert partnership.status_changes.first().note == "Nieuw bestuur, nieuwe kansen."


def test_a_forbidden_transition_through_the_page_is_refused(client, medewerker):
    partnership = PartnershipFactory(status="exploring")
    client.force_login(medewerker)
    client.post(reverse("partnerships:status", args=[partnership.pk]), {"to_status": "active"})
    assert Partnership.objects.get().status == "exploring"


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    for n in range(rows):
        partnership = PartnershipFactory(initiative__name=f"Initiatief {n:02d}")
        partnership.neighbourhoods.set([BuurtFactory(name=f"Buurt van partnerschap {n:02d}")])
    client.force_login(lezer)
    # session, user, count, page (+initiatives), neighbourhoods, municipality
    with django_assert_num_queries(6):
        response = client.get(reverse("partnerships:list"))
    assert response.status_code == 200
    first_page = range(min(rows, 25))  # by the initiative's name, 25 a page
    assert_on_page(response, [f"Initiatief {n:02d}" for n in first_page])
    assert_on_page(response, [f"Buurt van partnerschap {n:02d}" for n in first_page])


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_does_not_grow(client, medewerker, django_assert_num_queries, rows):
    partnership = PartnershipFactory()
    partnership.neighbourhoods.set([BuurtFactory()])
    coordinator = coordinator_of(partnership.initiative)
    for i in range(rows):
        c = services.add_conversation(partnership, actor=medewerker, values={"date": datetime.date(2026, 1, 1)})
        services.add_need(
            c,
            actor=medewerker,
            values={"direction": "initiative", "category": "data", "description": f"Behoefte {i:02d}"},
        )
        services.add_shared_goal(c, actor=medewerker, description=f"Gedeeld doel {i:02d}", neighbourhood_goals=[])
        services.add_comment(c, actor=medewerker, text=f"Reactie {i:02d}")
        goal = c.shared_goals.get()
        activity = services.add_activity(
            partnership,
            actor=medewerker,
            values={
                "what": f"Activiteit {i:02d}",
                "responsible": "both",
                "responsible_person": coordinator if i % 2 else medewerker,
                "shared_goal": goal,
            },
        )
        services.add_activity_note(activity, actor=coordinator, text=f"Voortgang {i:02d}")
        services.record_assessment(
            partnership,
            actor=medewerker,
            answers={
                "goal_clear": True,
                "exploring": False,
                "narrow_goals": False,
                "project_development": False,
                "large_scale": False,
                "last_recalibrated": None,
            },
        )
    client.force_login(medewerker)
    # session, user, partnership (+initiative, policy), activities, assessments, municipality,
    # neighbourhoods, conversations (+authors), needs, shared goals, their neighbourhood goals,
    # comments, status changes, history, the latest completed Wijkkompas discussion; the summary:
    # open activities and unmet needs (two aggregates), the next conversation, the newest draft;
    # the activities' progress notes (+authors), the open proposal to stop; the meetings section:
    # the next meeting and the latest report; the documents section: the latest documents and
    # those of the conversations
    services.propose_stop(partnership, actor=coordinator, reasons="Te ver uit elkaar")
    with django_assert_num_queries(25):
        response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert response.status_code == 200
    assert "Te ver uit elkaar" in response.content.decode()
    for label in ["Behoefte", "Gedeeld doel", "Reactie", "Activiteit", "Voortgang"]:
        assert_on_page(response, [f"{label} {i:02d}" for i in range(rows)])


@pytest.mark.parametrize("rows", [1, 50])
def test_assessment_detail_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    partnership = PartnershipFactory()
    answers = {
        "goal_clear": True,
        "exploring": False,
        "narrow_goals": False,
        "project_development": True,
        "large_scale": True,
        "last_recalibrated": None,
    }
    for _ in range(rows):
        assessment, _result = services.record_assessment(partnership, actor=lezer, answers=answers)
    client.force_login(lezer)
    # session, user, assessment (+partnership, initiative, author), municipality
    with django_assert_num_queries(4):
        response = client.get(reverse("partnerships:assessment", args=[assessment.pk]))
    assert response.status_code == 200
    # The page shows the one assessment (the others are the partnership's history, not listed here).
    assert_on_page(response, [partnership.initiative.name, lezer.full_name])
