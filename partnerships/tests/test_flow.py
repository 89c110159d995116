"""The partnership as both sides' workplace: the status follows what happens, stopping together is
done together, activities both sides keep up to date, the shared contact log, and the review date."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core import history
from core.models import ChangeEntry
from partnerships import intensity, notices, services
from partnerships.forms import ActivityForm, AssessmentForm
from partnerships.models import Activity, ContactLogEntry, CoordinatorAccess, Partnership, StopProposal
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


@pytest.fixture
def told():
    """The notices the services tell, as (kind, actor) pairs."""
    heard = []

    def receiver(sender, notice, **kwargs):
        heard.append(notice)

    notices.file_event.connect(receiver, dispatch_uid="test_flow")
    yield heard
    notices.file_event.disconnect(dispatch_uid="test_flow")


def kinds(heard):
    return [n.kind for n in heard]


def conversation(partnership, actor, **values):
    return services.add_conversation(partnership, actor=actor, values={"date": DAY, **values})


def status_notes(partnership, user):
    entries = ChangeEntry.objects.for_object(partnership).filter(action=ChangeEntry.Action.TRANSITION)
    return [shown.note for shown in history.readable(entries, user)]


# --- The status follows what happens ------------------------------------------------------------


def test_the_first_conversation_moves_exploring_to_in_conversation_and_says_why(medewerker, told):
    partnership = PartnershipFactory()
    conversation(partnership, medewerker)
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.IN_CONVERSATION
    change = partnership.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("exploring", "in_conversation", medewerker)
    # The cause is a system note, translated for every reader, the coordinator too.
    assert status_notes(partnership, medewerker) == ["het eerste gesprek is vastgelegd"]
    assert status_notes(partnership, coordinator_of(partnership.initiative)) == ["het eerste gesprek is vastgelegd"]
    assert "status_changed" in kinds(told)
    conversation(partnership, medewerker)  # a second one changes nothing
    assert partnership.status_changes.count() == 1


def test_a_first_conversation_later_in_the_file_does_not_move_the_status(medewerker):
    partnership = PartnershipFactory(status=Partnership.Status.ACTIVE)
    conversation(partnership, medewerker)
    assert Partnership.objects.get().status == Partnership.Status.ACTIVE


def test_the_status_can_still_be_set_by_hand_where_the_table_allows(client, medewerker):
    partnership = PartnershipFactory()
    conversation(partnership, medewerker)
    client.force_login(medewerker)
    client.post(reverse("partnerships:status", args=[partnership.pk]), {"to_status": "exploring", "note": "Terug"})
    assert Partnership.objects.get().status == "exploring"
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert "het eerste gesprek is vastgelegd" in page and "Terug" in page  # the timeline says both causes


# --- Stopping together is done together ---------------------------------------------------------


def test_a_conversation_ending_in_stop_together_proposes_it_for_the_other_side(client, medewerker, told):
    partnership = PartnershipFactory()
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:conversation_create", args=[partnership.pk]),
        {"date": "2026-03-01", "summary": "We liggen te ver uit elkaar.", "outcome": "stop_together"},
        follow=True,
    )
    assert "gevraagd het voorstel te bevestigen" in response.content.decode()
    proposal = StopProposal.objects.get()
    assert (proposal.side, proposal.reasons, proposal.proposed_by) == (
        "municipality",
        "We liggen te ver uit elkaar.",
        medewerker,
    )
    assert Partnership.objects.get().status == "in_conversation"  # not stopped yet
    assert "stop_proposed" in kinds(told)

    # The coordinator sees it with the actions of their side, and confirms.
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert reverse("partnerships:stop_confirm", args=[proposal.pk]) in page
    assert reverse("partnerships:stop_withdraw", args=[proposal.pk]) not in page
    response = client.post(reverse("partnerships:stop_confirm", args=[proposal.pk]), {"answer": ""})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "stopped_together"
    assert partnership.stop_reasons == "We liggen te ver uit elkaar."
    assert partnership.stop_agreed_by == f"{medewerker.full_name}, {coordinator.full_name}"
    assert partnership.stop_date is not None
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answered_by) == ("confirmed", coordinator)
    assert "beide kanten stemden in met het voorstel om samen te stoppen" in status_notes(partnership, medewerker)
    assert kinds(told)[-1] == "stop_confirmed" and kinds(told).count("status_changed") == 1  # the first talk's


def test_a_conversation_changed_to_stop_together_proposes_it_too(medewerker):
    partnership = PartnershipFactory(status="in_conversation")
    talk = conversation(partnership, medewerker, summary="Eerst nog verder")
    services.update_conversation(
        talk, actor=medewerker, expected_version=talk.version, values={"outcome": "stop_together"}
    )
    proposal = StopProposal.objects.get()
    assert (proposal.side, proposal.reasons, proposal.state) == ("municipality", "Eerst nog verder", "open")
    # Without a summary the reasons say where it was agreed.
    other = PartnershipFactory(status="in_conversation")
    conversation(other, medewerker, outcome="stop_together")
    assert StopProposal.objects.get(partnership=other).reasons == "Afgesproken in het gesprek van 1 maart 2026."


def test_the_proposing_side_cannot_confirm_its_own_proposal(medewerker):
    partnership = PartnershipFactory(status="in_conversation")
    proposal = services.propose_stop(partnership, actor=medewerker, reasons="Te ver uit elkaar")
    assert proposal.side == "municipality"
    with pytest.raises(services.StopError):
        services.confirm_stop(proposal, actor=UserFactory(role="medewerker"))
    assert Partnership.objects.get().status == "in_conversation"


def test_the_coordinator_proposes_and_staff_answer_without_stopping(client, medewerker, told):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)
    client.post(reverse("partnerships:stop_propose", args=[partnership.pk]), {"reasons": "Geen tijd meer"})
    proposal = StopProposal.objects.get()
    assert (proposal.side, proposal.state) == ("initiative", "open")
    # A second proposal while one is open is refused.
    response = client.post(reverse("partnerships:stop_propose", args=[partnership.pk]), {"reasons": "Nog eens"})
    assert response.status_code == 200 and StopProposal.objects.count() == 1

    client.force_login(medewerker)
    response = client.post(reverse("partnerships:stop_decline", args=[proposal.pk]), {"answer": ""})
    assert response.status_code == 200  # an answer is required
    client.post(reverse("partnerships:stop_decline", args=[proposal.pk]), {"answer": "Laten we eerst praten."})
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer, proposal.answered_by) == ("declined", "Laten we eerst praten.", medewerker)
    assert Partnership.objects.get().status == "in_conversation"  # the file stays open
    assert kinds(told) == ["stop_proposed", "stop_answered"]
    # Answered: it cannot be confirmed afterwards.
    with pytest.raises(services.StopError):
        services.confirm_stop(proposal, actor=medewerker)


def test_the_proposer_withdraws(client, medewerker):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    proposal = services.propose_stop(partnership, actor=coordinator, reasons="Geen tijd")
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert reverse("partnerships:stop_withdraw", args=[proposal.pk]) in page
    assert reverse("partnerships:stop_confirm", args=[proposal.pk]) not in page
    assert client.post(reverse("partnerships:stop_withdraw", args=[proposal.pk])).status_code == 302
    assert StopProposal.objects.get().state == "withdrawn"
    # A new one may be made now.
    services.propose_stop(partnership, actor=medewerker, reasons="Toch stoppen")
    assert StopProposal.objects.filter(state="open").count() == 1


def test_one_open_proposal_per_partnership_is_a_database_rule():
    partnership = PartnershipFactory(status="in_conversation")
    StopProposal.objects.create(partnership=partnership, side="municipality", reasons="a")
    with pytest.raises(IntegrityError):
        StopProposal.objects.create(partnership=partnership, side="initiative", reasons="b")


def test_staff_record_a_stop_agreed_outside_the_app_saying_so(client, medewerker):
    partnership = PartnershipFactory(status="in_conversation")
    proposal = services.propose_stop(partnership, actor=medewerker, reasons="Te ver uit elkaar")
    client.force_login(medewerker)
    page = client.get(reverse("partnerships:stop", args=[partnership.pk])).content.decode()
    assert "buiten de app" in page
    data = {"stop_reasons": "Te ver uit elkaar.", "stop_agreed_by": "Wethouder en bestuur", "stop_date": "2026-10-20"}
    assert client.post(reverse("partnerships:stop", args=[partnership.pk]), data).status_code == 200
    statement = "Bestuursoverleg van 20 oktober, met de voorzitter"
    client.post(reverse("partnerships:stop", args=[partnership.pk]), {**data, "agreed_outside": statement})
    assert Partnership.objects.get().status == "stopped_together"
    events = [c for e in ChangeEntry.objects.for_object(partnership) for c in e.changes if c.get("type") == "event"]
    assert {"field": "stop_agreed_outside", "new": statement} in [
        {"field": c["field"], "new": c["new"]} for c in events
    ]
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"  # settled by the closing; a reopened file may propose again


# --- Activities both sides keep up to date ------------------------------------------------------


def activity(partnership, responsible, **values):
    return services.add_activity(
        partnership, actor=None, values={"what": f"Klus {responsible}", "responsible": responsible, **values}
    )


def test_the_coordinator_updates_an_activity_of_their_side(client, told):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    ours = activity(partnership, "initiative")
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert reverse("partnerships:activity_update", args=[ours.pk]) in page
    url = reverse("partnerships:activity_update", args=[ours.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "in_progress", "due_date": "2026-05-01", "version": ours.version})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.due_date, ours.what) == ("in_progress", datetime.date(2026, 5, 1), "Klus initiative")
    assert "activity_updated" in kinds(told)

    # A progress note.
    client.post(reverse("partnerships:activity_note", args=[ours.pk]), {"text": "Folders zijn gedrukt."})
    assert ours.notes.get().text == "Folders zijn gedrukt." and ours.notes.get().author == coordinator
    assert "activity_note" in kinds(told)
    assert "Folders zijn gedrukt." in client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()


def test_the_coordinator_may_not_update_the_municipalitys_activity(client):
    partnership = PartnershipFactory(status="in_conversation")
    coordinator = coordinator_of(partnership.initiative)
    theirs = activity(partnership, "municipality")
    named = activity(partnership, "municipality", responsible_person=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert reverse("partnerships:activity_update", args=[theirs.pk]) not in page
    assert reverse("partnerships:activity_update", args=[named.pk]) in page  # they are named for this one
    url = reverse("partnerships:activity_update", args=[theirs.pk])
    assert client.post(url, {"status": "done", "version": theirs.version}).status_code == 404
    assert client.post(reverse("partnerships:activity_note", args=[theirs.pk]), {"text": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "planned" and not theirs.notes.exists()
    # Another initiative's activity: 404 as always.
    other = activity(PartnershipFactory(), "initiative")
    assert client.get(reverse("partnerships:activity_update", args=[other.pk])).status_code == 404


def test_the_responsible_person_is_staff_or_a_coordinator_of_this_initiative(medewerker):
    partnership = PartnershipFactory()
    own = coordinator_of(partnership.initiative)
    stranger = coordinator_of(InitiativeFactory())
    form = ActivityForm(partnership=partnership)
    people = set(form.fields["responsible_person"].queryset)
    assert {own, medewerker} <= people and stranger not in people
    with pytest.raises(services.ActivityError):
        activity(partnership, "initiative", responsible_person=stranger)
    done = activity(partnership, "initiative", responsible_person=own)
    assert done.responsible_person == own
    # Revoked access: no longer someone to name.
    CoordinatorAccess.objects.filter(user=own).update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(services.ActivityError):
        activity(partnership, "initiative", responsible_person=own)


def test_an_activity_serves_a_shared_goal_of_its_own_partnership(medewerker):
    partnership = PartnershipFactory()
    goal = services.add_shared_goal(
        conversation(partnership, medewerker), actor=medewerker, description="Warmtenet", neighbourhood_goals=[]
    )
    elsewhere = services.add_shared_goal(
        conversation(PartnershipFactory(), medewerker), actor=medewerker, description="Elders", neighbourhood_goals=[]
    )
    assert list(ActivityForm(partnership=partnership).fields["shared_goal"].queryset) == [goal]
    with pytest.raises(services.ActivityError):
        activity(partnership, "both", shared_goal=elsewhere)
    assert activity(partnership, "both", shared_goal=goal).shared_goal == goal


def test_staff_name_a_person_and_a_goal_in_the_form(client, medewerker):
    partnership = PartnershipFactory()
    own = coordinator_of(partnership.initiative)
    goal = services.add_shared_goal(
        conversation(partnership, medewerker), actor=medewerker, description="Warmtenet", neighbourhood_goals=[]
    )
    client.force_login(medewerker)
    client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        {
            "what": "Buurtavond",
            "responsible": "both",
            "responsible_person": own.pk,
            "shared_goal": goal.pk,
            "status": "planned",
        },
    )
    made = Activity.objects.get()
    assert (made.responsible_person, made.shared_goal) == (own, goal)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert own.full_name in page and "Warmtenet" in page


# --- The contact log -----------------------------------------------------------------------------


def test_a_coordinator_adds_a_shared_entry_to_their_contact_log(client, told):
    partnership = PartnershipFactory()
    coordinator = coordinator_of(partnership.initiative)
    client.force_login(coordinator)
    url = reverse("initiatives:log_create", args=[partnership.initiative.pk])
    response = client.post(
        url, {"date": "2026-03-01", "kind": "call", "summary": "Gebeld met de wethouder", "visibility": "internal"}
    )
    assert response.status_code == 302
    entry = ContactLogEntry.objects.get()
    assert (entry.visibility, entry.author) == ("shared", coordinator)  # always shared
    assert kinds(told) == ["contact_entry_added"]
    page = client.get(reverse("initiatives:detail", args=[partnership.initiative.pk])).content.decode()
    assert "Gebeld met de wethouder" in page
    # Not in another initiative's log.
    assert client.get(reverse("initiatives:log_create", args=[InitiativeFactory().pk])).status_code == 404


def test_staff_choose_and_an_internal_entry_is_not_told(client, medewerker, told):
    partnership = PartnershipFactory()
    client.force_login(medewerker)
    url = reverse("initiatives:log_create", args=[partnership.initiative.pk])
    client.post(url, {"date": "2026-03-01", "kind": "call", "summary": "Intern", "visibility": "internal"})
    assert ContactLogEntry.objects.get().visibility == "internal"
    assert told == []


# --- The review date -----------------------------------------------------------------------------

ANSWERS = {
    "goal_clear": True,
    "exploring": True,
    "narrow_goals": False,
    "project_development": False,
    "large_scale": False,
    "last_recalibrated": None,
}


def test_the_first_assessment_schedules_the_review_a_year_ahead(medewerker):
    partnership = PartnershipFactory()
    services.record_assessment(partnership, actor=medewerker, answers=ANSWERS)
    partnership.refresh_from_db()
    today = datetime.date.today()
    assert partnership.review_date == intensity.add_months(today, 12) and partnership.review_date > today
    # A later assessment keeps it, unless staff move it.
    services.record_assessment(partnership, actor=medewerker, answers=ANSWERS)
    partnership.refresh_from_db()
    assert partnership.review_date == intensity.add_months(today, 12)
    chosen = today + datetime.timedelta(days=90)
    services.record_assessment(partnership, actor=medewerker, answers=ANSWERS, review_date=chosen)
    partnership.refresh_from_db()
    assert partnership.review_date == chosen


def test_staff_choose_the_review_date_in_the_assessment_form(client, medewerker):
    partnership = PartnershipFactory()
    client.force_login(medewerker)
    url = reverse("partnerships:assess", args=[partnership.pk])
    page = client.get(url).content.decode()
    assert intensity.add_months(datetime.date.today(), 12).isoformat() in page  # the default, shown
    answers = {k: "True" if v is True else "False" if v is False else "" for k, v in ANSWERS.items()}
    chosen = datetime.date.today() + datetime.timedelta(days=60)
    client.post(url, {**answers, "review_date": chosen.isoformat()})
    assert Partnership.objects.get().review_date == chosen
    form = AssessmentForm({**answers, "review_date": "2020-01-01"})
    assert not form.is_valid() and "review_date" in form.errors


def test_the_coordinators_partnership_page_costs_the_same_at_1_and_50_activities(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (1, 50):
        partnership = PartnershipFactory(status="in_conversation")
        coordinator = coordinator_of(partnership.initiative)
        for i in range(rows):
            made = activity(partnership, "both" if i % 2 else "municipality", what=f"Klus {rows}-{i:02d}")
            services.add_activity_note(made, actor=coordinator, text=f"Notitie {rows}-{i:02d}")
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("partnerships:detail", args=[partnership.pk]))
        counts.append(len(queries))
        html = response.content.decode()
        assert all(f"Notitie {rows}-{i:02d}" in html for i in range(rows))
        assert html.count('href="/partnerschappen/activiteiten/') >= rows // 2  # their side's links
    assert counts[0] == counts[1]
