"""Editing needs, activities and conversations goes through the services: the history keeps the
old and the new value, a stale edit is refused with the newer change shown, and a failure halfway
leaves nothing half written."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from core import history
from core.concurrency import StaleEditError
from core.models import ChangeEntry
from partnerships import services
from partnerships.models import Activity, CoordinatorAccess, Need
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit gewijzigd"


@pytest.fixture
def conversation(medewerker):
    return services.add_conversation(
        PartnershipFactory(), actor=medewerker, values={"date": datetime.date(2026, 10, 1), "summary": "Start"}
    )


@pytest.fixture
def need(conversation, medewerker):
    return services.add_need(
        conversation,
        actor=medewerker,
        values={"direction": "initiative", "category": "budget", "description": "Procesgeld", "met": False},
    )


@pytest.fixture
def activity(conversation, medewerker):
    return services.add_activity(
        conversation.partnership,
        actor=medewerker,
        values={"what": "Buurtavond", "responsible": "municipality", "status": "planned"},
    )


def need_post(version, **values):
    return {"version": version, "direction": "initiative", "category": "budget", "met": "", **values}


def activity_post(version, **values):
    return {"version": version, "responsible": "municipality", "status": "planned", "due_date": "", **values}


def change(entry, field):
    return next((c["old"], c["new"]) for c in entry.changes if c["field"] == field)


# --- Needs -----------------------------------------------------------------------------------


def test_editing_a_need_records_the_old_and_the_new_value(client, need, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:need_update", args=[need.pk]), need_post(1, description="Procesgeld en een zaal")
    )
    assert response["Location"] == reverse("partnerships:detail", args=[need.conversation.partnership_id])
    need.refresh_from_db()
    assert (need.description, need.version) == ("Procesgeld en een zaal", 2)
    entry = ChangeEntry.objects.for_object(need).get()
    assert (entry.actor, entry.action, entry.version) == (medewerker, "update", 2)
    assert change(entry, "description") == ("Procesgeld", "Procesgeld en een zaal")
    # The partnership's timeline shows it.
    page = client.get(reverse("overview:history_partnership", args=[need.conversation.partnership_id]))
    assert "Procesgeld en een zaal" in page.content.decode()


def test_a_coordinator_corrects_the_initiatives_need_with_history(client, need):
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=need.conversation.partnership.initiative)
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:need_update", args=[need.pk]),
        {"version": 1, "category": "knowledge", "description": "Kennis van subsidies"},
    )
    assert response.status_code == 302
    entry = ChangeEntry.objects.for_object(need).get()
    assert entry.actor == coordinator
    assert change(entry, "description") == ("Procesgeld", "Kennis van subsidies")
    assert change(entry, "category") == ("budget", "knowledge")


def test_a_stale_need_edit_is_refused_and_shows_the_newer_change(client, need, medewerker, beheerder):
    services.update_need(need, actor=beheerder, expected_version=1, values={"description": "Zaalhuur"})
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:need_update", args=[need.pk]), need_post(1, description="Mijn getypte tekst")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE in content
    assert "Mijn getypte tekst" in content  # what the user typed is kept
    assert "Zaalhuur" in content and escape(str(beheerder)) in content  # the newer change, and by whom
    need.refresh_from_db()
    assert (need.description, need.version) == ("Zaalhuur", 2)
    assert ChangeEntry.objects.for_object(need).count() == 1


def test_a_failing_history_write_leaves_the_need_unchanged(need, medewerker, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        services.update_need(need, actor=medewerker, expected_version=1, values={"description": "Half"})
    need.refresh_from_db()
    assert (need.description, need.version) == ("Procesgeld", 1)
    assert not ChangeEntry.objects.for_object(need).exists()


# --- Activities ------------------------------------------------------------------------------


def test_editing_an_activity_records_the_old_and_the_new_value(client, activity, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:activity_update", args=[activity.pk]),
        activity_post(1, what="Buurtavond in het dorpshuis", status="in_progress"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.what, activity.status, activity.version) == ("Buurtavond in het dorpshuis", "in_progress", 2)
    entry = ChangeEntry.objects.for_object(activity).get()
    assert (entry.actor, entry.version) == (medewerker, 2)
    assert change(entry, "what") == ("Buurtavond", "Buurtavond in het dorpshuis")
    assert change(entry, "status") == ("planned", "in_progress")


def test_a_stale_activity_edit_is_refused_and_shows_the_newer_change(client, activity, medewerker, beheerder):
    services.update_activity(activity, actor=beheerder, expected_version=1, values={"what": "Buurtborrel"})
    client.force_login(medewerker)
    response = client.post(
        reverse("partnerships:activity_update", args=[activity.pk]), activity_post(1, what="Mijn versie")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE in content and 'value="Mijn versie"' in content
    assert "Buurtborrel" in content and escape(str(beheerder)) in content
    activity.refresh_from_db()
    assert (activity.what, activity.version) == ("Buurtborrel", 2)


def test_taking_on_an_activity_makes_an_open_edit_form_stale(conversation, medewerker):
    activity = services.add_activity(conversation.partnership, actor=medewerker, values={"what": "X"})
    services.take_on_activity(activity, actor=medewerker)
    activity.refresh_from_db()
    assert (activity.responsible, activity.version) == ("initiative", 2)
    [entry] = ChangeEntry.objects.for_object(activity)
    assert change(entry, "responsible") == ("open", "initiative")
    with pytest.raises(StaleEditError) as caught:
        services.update_activity(activity, actor=medewerker, expected_version=1, values={"responsible": "open"})
    assert caught.value.newer_entries == [entry]
    assert Activity.objects.get().responsible == "initiative"


def test_a_failing_history_write_leaves_the_activity_unchanged(activity, medewerker, monkeypatch):
    open_activity = services.add_activity(activity.partnership, actor=medewerker, values={"what": "Open"})

    def broken(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(history, "record", broken)
    with pytest.raises(RuntimeError):
        services.update_activity(activity, actor=medewerker, expected_version=1, values={"what": "Half"})
    with pytest.raises(RuntimeError):
        services.take_on_activity(open_activity, actor=medewerker)
    assert {(a.what, a.responsible, a.version) for a in Activity.objects.all()} == {
        ("Buurtavond", "municipality", 1),
        ("Open", "open", 1),
    }


def test_creating_a_need_ignores_the_version_field(client, conversation, medewerker):
    client.force_login(medewerker)
    client.post(
        reverse("partnerships:need_create", args=[conversation.pk]),
        {"version": "", "direction": "municipality", "category": "reach", "description": "Bereik"},
    )
    assert Need.objects.get().version == 1
