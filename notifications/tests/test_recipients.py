"""Who hears of what: the other side of the actor, never the actor, never a coordinator of an internal notice."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from accounts.tests.factories import UserFactory
from notifications.models import Notification
from partnerships import notices
from partnerships import services as partnership_services
from partnerships.models import Activity


def recipients(kind=None):
    rows = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return {row.recipient for row in rows}


def test_a_coordinators_need_goes_to_the_municipal_contact_and_deputy(side):
    need = partnership_services.add_need(
        side.conversation,
        actor=side.coordinator,
        values={"direction": "initiative", "category": "data", "description": "Verbruiksdata per buurt"},
    )
    assert recipients("need_added") == {side.contact, side.deputy}
    row = Notification.objects.filter(kind="need_added").first()
    assert row.actor_name == "Cor Coördinator"
    assert row.summary == "Verbruiksdata per buurt"
    assert row.url.endswith(f"#behoefte-{need.pk}")
    assert row.partnership == side.partnership
    with translation.override("en"):
        assert row.text() == "Cor Coördinator added a need in the partnership with Zonnig Zuid"
    with translation.override("nl"):
        assert row.text() == "Cor Coördinator heeft een behoefte toegevoegd in het partnerschap met Zonnig Zuid"


def test_staff_actions_go_to_the_active_coordinators_not_to_the_actor(side):
    revoked = side.make_coordinator("Oud Lid")
    revoked.coordinator_access.update(revoked_at="2026-01-01T00:00:00Z")
    side.make_coordinator("Slapend Lid", is_active=False)
    partnership_services.add_comment(side.conversation, actor=side.contact, text="Welkom!")
    assert recipients("comment_added") == {side.coordinator, side.coordinator2}


def test_a_coordinator_does_not_notify_themselves_or_other_coordinators(side):
    activity = partnership_services.add_activity(
        side.partnership, actor=side.contact, values={"what": "Bewonersavond", "responsible": "open"}
    )
    Notification.objects.all().delete()
    partnership_services.take_on_activity(activity, actor=side.coordinator)
    assert recipients("activity_taken_on") == {side.contact, side.deputy}
    assert Activity.objects.get(pk=activity.pk).responsible == "initiative"


def test_without_contact_or_deputy_the_editors_hear_of_it(side):
    side.initiative.contact = None
    side.initiative.deputy = None
    side.initiative.save()
    editor = UserFactory(role=Role.BEHEERDER)
    reader = UserFactory(role=Role.LEZER)
    partnership_services.add_comment(side.conversation, actor=side.coordinator, text="Hallo?")
    got = recipients("comment_added")
    assert editor in got and side.contact in got  # still an editor, just no longer the contact
    assert reader not in got and side.coordinator2 not in got


def test_an_internal_notice_never_reaches_a_coordinator(side):
    notices.tell(side.partnership, "document_shared", actor=side.contact, internal=True)
    assert recipients() == set()
    notices.tell(
        side.partnership,
        "document_shared",
        actor=side.contact,
        internal=True,
        recipients=[side.coordinator, side.deputy],
    )
    assert recipients() == {side.deputy}


def test_explicit_recipients_include_the_actor_but_not_another_initiatives_coordinator(side, other_side):
    notices.tell(
        side.partnership,
        "meeting_planned",
        actor=side.contact,
        recipients=[side.contact, side.coordinator, other_side.coordinator],
    )
    assert recipients() == {side.contact, side.coordinator}


def test_a_rolled_back_action_leaves_no_notification(side):
    with pytest.raises(RuntimeError), transaction.atomic():
        partnership_services.add_comment(side.conversation, actor=side.contact, text="Weg ermee")
        raise RuntimeError
    assert not Notification.objects.exists()


def test_each_existing_action_tells_the_other_side(side):
    need = partnership_services.add_need(
        side.conversation,
        actor=side.contact,
        values={"direction": "municipality", "category": "data", "description": "x"},
    )
    partnership_services.update_need(
        need, actor=side.contact, expected_version=need.version, values={"description": "y"}
    )
    partnership_services.add_shared_goal(
        side.conversation, actor=side.contact, description="Samen", neighbourhood_goals=[]
    )
    partnership_services.add_activity(side.partnership, actor=side.contact, values={"what": "a", "responsible": "open"})
    partnership_services.add_comment(side.conversation, actor=side.contact, text="c")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"need_added", "need_changed", "goal_added", "activity_added", "comment_added"}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {side.coordinator.pk, side.coordinator2.pk}


def test_an_unchanged_need_tells_nobody(side):
    need = partnership_services.add_need(
        side.conversation,
        actor=side.contact,
        values={"direction": "municipality", "category": "data", "description": "x"},
    )
    Notification.objects.all().delete()
    partnership_services.update_need(
        need, actor=side.contact, expected_version=need.version, values={"description": "x"}
    )
    assert not Notification.objects.exists()


def test_wijkkompas_answers_tell_the_other_side(side):
    from wijkkompas import services as wijkkompas_services

    discussion = wijkkompas_services.start_discussion(side.partnership, actor=side.contact)

    def save(next_year):
        discussion.refresh_from_db()
        wijkkompas_services.save_side(
            discussion,
            side="initiative",
            actor=side.coordinator,
            expected_version=discussion.version,
            tracks={},
            values={"initiative_phase": None, "initiative_next_year": next_year},
        )

    save("Zonnepanelen op de school")
    assert recipients("wijkkompas_side_filled") == {side.contact, side.deputy}
    assert {row.url for row in Notification.objects.all()} == {reverse("wijkkompas:discussion", args=[discussion.pk])}
    Notification.objects.all().delete()
    save("Zonnepanelen op de school")  # nothing changed: nobody is told
    assert not Notification.objects.exists()


def test_an_unknown_kind_reads_as_a_generic_change(side):
    notices.tell(side.partnership, "something_new", actor=side.contact)
    row = Notification.objects.get(recipient=side.coordinator)
    assert "Zonnig Zuid" in row.text() and "Carla Contact" in row.text()
    assert "something_new" not in row.text()


def test_anonymising_a_coordinator_removes_their_inbox_and_their_name(side):
    from overview import personal_data

    partnership_services.add_comment(side.conversation, actor=side.coordinator, text="Van Cor")
    partnership_services.add_comment(side.conversation, actor=side.contact, text="Aan Cor")
    assert Notification.objects.filter(recipient=side.coordinator).exists()
    personal_data.anonymise(side.coordinator, actor=UserFactory(role=Role.BEHEERDER))
    assert not Notification.objects.filter(recipient=side.coordinator).exists()
    told = Notification.objects.filter(actor=side.coordinator)
    assert told.exists() and set(told.values_list("actor_name", flat=True)) == {personal_data.ANONYMOUS_NAME}
