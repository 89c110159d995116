"""What a coordinator sees of the change history: the history pages and the changes shown after
a refused (stale) edit go through one function, core.history.readable."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, translation

from accounts.tests.factories import UserFactory
from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from partnerships import services
from partnerships.models import ContactLogEntry, CoordinatorAccess, Initiative, Partnership
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
S = Partnership.Status


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def page(client, user, url_name, pk) -> str:
    client.force_login(user)
    response = client.get(reverse(url_name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def dutch(text) -> str:
    with translation.override("nl"):
        return str(text)


def dutch_date(day) -> str:
    with translation.override("nl"):
        return formats.date_format(day)


# --- The refused edit (security finding 2) ------------------------------------------------------


def test_a_coordinators_stale_edit_does_not_show_internal_changes(client, medewerker):
    initiative = InitiativeFactory(name="Zon op Zuid", phone="030-1111111")
    coordinator = coordinator_of(initiative)
    # The coordinator opened the form at version 1; meanwhile staff wrote an internal note and,
    # in another edit, a new phone number.
    update_versioned(initiative, expected_version=1, values={"notes": "Geheime interne notitie"}, actor=medewerker)
    update_versioned(initiative, expected_version=2, values={"phone": "030-2222222"}, actor=medewerker)

    client.force_login(coordinator)
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {"version": 1, "name": "Zon op Zuid (getypt)", "phase": initiative.phase},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Iemand anders heeft dit gewijzigd" in content
    assert "Geheime interne notitie" not in content
    assert dutch(Initiative._meta.get_field("notes").verbose_name) not in content
    assert "030-2222222" in content  # the shared change is still listed
    initiative.refresh_from_db()
    assert initiative.name == "Zon op Zuid"  # nothing overwritten


def test_staff_see_every_change_after_a_stale_edit(client, medewerker, beheerder):
    initiative = InitiativeFactory(name="Zon op Zuid")
    update_versioned(initiative, expected_version=1, values={"notes": "Geheime interne notitie"}, actor=beheerder)
    client.force_login(medewerker)
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        {"version": 1, "name": "Zon op Zuid", "phase": initiative.phase},
    )
    assert response.status_code == 200
    assert "Geheime interne notitie" in response.content.decode()


def test_readable_decides_per_entry_change_and_note():
    initiative = InitiativeFactory()
    staff = UserFactory(medewerker=True)
    coordinator = coordinator_of(initiative)
    mixed = history.record(
        initiative,
        actor=staff,
        action=ChangeEntry.Action.UPDATE,
        changes=[history.change(initiative, "notes", "", "Intern"), history.change(initiative, "phone", "", "06")],
        note="Waarom, intern",
    )
    internal = history.record(
        initiative,
        actor=staff,
        action=ChangeEntry.Action.UPDATE,
        changes=[history.change(initiative, "notes", "", "x")],
    )
    assert (mixed.internal, internal.internal) == (False, True)
    entries = list(ChangeEntry.objects.for_object(initiative).order_by("id"))
    [shown] = history.readable(entries, coordinator)
    assert [c.new for c in shown.changes] == ["06"] and shown.note == ""
    assert [len(s.changes) for s in history.readable(entries, staff)] == [2, 1]
    assert list(ChangeEntry.objects.for_object(initiative).visible_to(coordinator)) == [mixed]
    assert history.readable(entries, None) == history.readable(entries, UserFactory(role="coordinator"))


# --- The coordinator's history page (security finding 4) ----------------------------------------


def test_status_change_notes_are_not_on_the_coordinators_history_page(client, medewerker):
    partnership = PartnershipFactory()
    services.change_status(partnership, S.IN_CONVERSATION, actor=medewerker, note="Geheime statusnotitie")
    coordinator = coordinator_of(partnership.initiative)
    content = page(client, coordinator, "overview:history_partnership", partnership.pk)
    assert "Geheime statusnotitie" not in content
    assert dutch(S.IN_CONVERSATION.label) in content  # the status change itself is shared
    assert "Geheime statusnotitie" in page(client, medewerker, "overview:history_partnership", partnership.pk)


def test_reopen_and_stop_notes_are_not_on_the_coordinators_history_page(client, medewerker):
    partnership = PartnershipFactory()
    services.change_status(
        partnership,
        S.STOPPED_TOGETHER,
        actor=medewerker,
        note="Geheime stopnotitie",
        stop_reasons="Te weinig tijd bij beide partijen",
        stop_agreed_by="Beide besturen",
        stop_date=datetime.date(2026, 6, 1),
    )
    services.change_status(partnership, S.EXPLORING, actor=medewerker, note="Geheime heropeningsnotitie")
    coordinator = coordinator_of(partnership.initiative)
    content = page(client, coordinator, "overview:history_partnership", partnership.pk)
    assert "Geheime stopnotitie" not in content and "Geheime heropeningsnotitie" not in content
    assert "Te weinig tijd bij beide partijen" in content  # the reasons were agreed together
    assert dutch(S.STOPPED_TOGETHER.label) in content and dutch(S.EXPLORING.label) in content
    staff_page = page(client, medewerker, "overview:history_partnership", partnership.pk)
    assert "Geheime stopnotitie" in staff_page and "Geheime heropeningsnotitie" in staff_page


def test_internal_contact_log_entries_are_not_on_the_coordinators_history_page(client, medewerker):
    initiative = InitiativeFactory()
    secret_day, shared_day = datetime.date(2026, 3, 17), datetime.date(2026, 2, 3)
    services.add_log_entry(
        initiative,
        actor=medewerker,
        date=secret_day,
        kind=ContactLogEntry.Kind.DECISION,
        summary="Intern besluit",
        visibility=ContactLogEntry.Visibility.INTERNAL,
    )
    services.add_log_entry(
        initiative,
        actor=medewerker,
        date=shared_day,
        kind=ContactLogEntry.Kind.MEETING,
        summary="Kennismaking",
        visibility=ContactLogEntry.Visibility.SHARED,
    )
    coordinator = coordinator_of(initiative)
    content = page(client, coordinator, "overview:history_initiative", initiative.pk)
    assert "Intern besluit" not in content
    assert dutch(ContactLogEntry.Kind.DECISION.label) not in content
    assert dutch_date(secret_day) not in content
    # The shared entry, and the history event about it, still show.
    assert "Kennismaking" in content and dutch(ContactLogEntry.Kind.MEETING.label) in content
    assert content.count(dutch_date(shared_day)) == 2  # the log item and the history event
    staff_page = page(client, medewerker, "overview:history_initiative", initiative.pk)
    assert dutch(ContactLogEntry.Kind.DECISION.label) in staff_page and dutch_date(secret_day) in staff_page


def test_old_contact_log_events_are_not_on_the_coordinators_history_page(client):
    """Entries written before the history said whether a log entry was shared: internal."""
    initiative = InitiativeFactory()
    ChangeEntry.objects.create(
        content_type=ContentType.objects.get_for_model(initiative),
        object_id=str(initiative.pk),
        object_repr=str(initiative),
        actor_repr="Medewerker",
        action=ChangeEntry.Action.EVENT,
        changes=[{"field": "log", "label": "contactlog", "old": "", "new": "Besluit 2026-03-17"}],
    )
    content = page(client, coordinator_of(initiative), "overview:history_initiative", initiative.pk)
    assert (
        "Besluit" not in content
        and "2026-03-17" not in content
        and dutch_date(datetime.date(2026, 3, 17)) not in content
    )
