import datetime
import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from agreements import services as agreement_services
from audit.models import SecurityEvent
from audit.services import record
from audit.tests.factories import coordinator_of, invitation, partnership_with_people
from core.models import ChangeEntry
from core.testing import assert_access, matrix_params
from overview import personal_data
from partnerships import services as partnership_services
from partnerships.models import ContactLogEntry, CoordinatorAccess, Invitation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("audit.tests.urls")]


def a_coordinator(client):
    partnership, *_ = partnership_with_people()
    return {"pk": coordinator_of(partnership.initiative).pk}


def a_staff_member(client):
    return {"pk": UserFactory().pk}


BEHEERDER_ONLY = {"anonymous": 302, "beheerder": 200, "medewerker": 403, "lezer": 403, "coordinator": 404}
ACCESS = [
    ("overview:person", a_coordinator, "get", BEHEERDER_ONLY),
    ("overview:personal_data_export", a_coordinator, "get", BEHEERDER_ONLY),
    ("overview:anonymise", a_coordinator, "get", BEHEERDER_ONLY),
    ("overview:anonymise", a_coordinator, "post", {**BEHEERDER_ONLY, "beheerder": 302}),
    ("overview:anonymise", a_staff_member, "post", {**BEHEERDER_ONLY, "beheerder": 302}),
]


@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(ACCESS))
def test_access(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)


def test_a_coordinator_cannot_reach_their_own_data_page(client_for):
    client = client_for("coordinator")
    assert client.get(reverse("overview:person", args=[client.user.pk])).status_code == 404


@pytest.fixture
def admin(client):
    user = UserFactory(role=Role.BEHEERDER, language="en")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def coordinator_file():
    """A coordinator who wrote in every place the export covers."""
    partnership, contact, _deputy, _ = partnership_with_people()
    person = coordinator_of(partnership.initiative, email="jo@initiatief.example", full_name="Jo Jansen")
    initiative = partnership.initiative
    invitation(initiative, email="jo@initiatief.example", invited_by=contact, accepted_at=timezone.now())
    partnership_services.add_log_entry(
        initiative, actor=person, date=datetime.date(2026, 1, 5), summary="Belde over de zaal"
    )
    conversation = partnership_services.add_conversation(
        partnership, actor=contact, values={"date": datetime.date(2026, 1, 6)}
    )
    partnership_services.add_need(
        conversation,
        actor=person,
        values={"direction": "initiative", "category": "data", "description": "Wij willen data"},
    )
    partnership_services.add_activity(
        partnership, actor=person, values={"what": "Flyeren in de wijk", "responsible": "initiative"}
    )
    partnership_services.add_comment(conversation, actor=person, text="Goed gesprek")
    draft = agreement_services.create_draft(partnership, form="samenwerkingsverklaring", actor=contact)
    agreement_services.add_comment(draft, actor=person, section="uitgangspunten", text="Graag korter")
    record(None, "login", actor=person)
    record(None, "login_failed", result="failure", detail={"username": "jo@initiatief.example"})
    return partnership, person


def test_export_contains_everything_about_the_person(admin, coordinator_file):
    partnership, person = coordinator_file
    response = admin.get(reverse("overview:personal_data_export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(f'attachment; filename="persoonsgegevens-{person.pk}-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)

    assert data["format"] == personal_data.FORMAT
    assert data["profile"]["email"] == "jo@initiatief.example"
    assert data["profile"]["full_name"] == "Jo Jansen"
    assert data["profile"]["role"] == "coordinator"
    assert [a["initiative_id"] for a in data["coordinator_access"]] == [partnership.initiative_id]
    assert [i["email"] for i in data["invitations"]] == ["jo@initiatief.example"]
    assert [e["text"] for e in data["contact_log_entries"]] == ["Belde over de zaal"]
    assert [n["text"] for n in data["needs"]] == ["Wij willen data"]
    assert [a["text"] for a in data["activities"]] == ["Flyeren in de wijk"]
    assert [c["text"] for c in data["comments"]] == ["Goed gesprek"]
    assert [c["text"] for c in data["section_comments"]] == ["Graag korter"]
    assert data["history_as_actor"], "the changes they made are in the history"
    assert all(entry["object_type"] for entry in data["history_as_actor"])
    actions = [e["action"] for e in data["security_events"]]
    assert "login" in actions and "login_failed" in actions
    # Password hashes and other people's addresses stay out.
    assert person.password not in response.content.decode()
    assert "password" not in json.dumps(data["profile"]).lower().replace("has_password", "")


def test_the_export_is_logged(admin, coordinator_file):
    _partnership, person = coordinator_file
    admin.get(reverse("overview:personal_data_export", args=[person.pk]))
    event = SecurityEvent.objects.get(action="personal_data_export")
    assert event.actor == admin.user
    assert (event.object_type, event.object_id) == ("accounts.user", str(person.pk))


def test_other_references_catch_models_not_listed_explicitly(coordinator_file):
    partnership, person = coordinator_file
    conversation = partnership_services.add_conversation(
        partnership, actor=person, values={"date": datetime.date(2026, 2, 1)}
    )
    data = personal_data.export(person)
    assert {
        "type": "partnerships.conversation",
        "field": "author",
        "id": conversation.pk,
        "object": str(conversation),
    } in (data["other_references"])


def test_the_export_of_a_staff_member_lists_their_files_but_not_invited_addresses(admin):
    partnership, contact, _deputy, _coordinator = partnership_with_people()
    invitation(partnership.initiative, email="iemand@initiatief.example", invited_by=contact)
    data = personal_data.export(contact)
    assert data["initiatives_as_contact"] == [
        {"initiative_id": partnership.initiative_id, "initiative": partnership.initiative.name, "as": "contact"}
    ]
    assert len(data["invitations_sent"]) == 1
    assert "iemand@initiatief.example" not in json.dumps(data, default=str)


def test_the_person_page_offers_export_and_anonymising(admin, coordinator_file):
    _partnership, person = coordinator_file
    page = admin.get(reverse("overview:person", args=[person.pk])).content.decode()
    assert reverse("overview:personal_data_export", args=[person.pk]) in page
    assert reverse("overview:anonymise", args=[person.pk]) in page


# --- Anonymising -----------------------------------------------------------------------------------------------


def test_confirmation_page_then_anonymise(admin, coordinator_file, client):
    partnership, person = coordinator_file
    url = reverse("overview:anonymise", args=[person.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    history_before = ChangeEntry.objects.count()
    log_entry = ContactLogEntry.objects.get(author=person)
    open_invitation = invitation(partnership.initiative, email="JO@initiatief.example", invited_by=admin.user)

    response = admin.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("overview:person", args=[person.pk])
    person.refresh_from_db()
    assert person.full_name == "Voormalig coördinator"
    assert person.email == f"anoniem-{person.pk}@invalid.example"
    assert not person.has_usable_password()
    assert not person.is_active
    assert not CoordinatorAccess.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert not Invitation.objects.filter(email__icontains="jo@initiatief").exists()
    open_invitation.refresh_from_db()
    assert open_invitation.revoked_at is not None
    # The partnership file is intact and now names the anonymised account.
    log_entry.refresh_from_db()
    assert log_entry.author == person and log_entry.summary == "Belde over de zaal"
    # The history is appended to, never rewritten.
    assert ChangeEntry.objects.count() == history_before + 1
    event = SecurityEvent.objects.get(action="anonymised")
    assert event.actor == admin.user
    assert event.object_repr == "Voormalig coördinator"
    assert event.detail["access_revoked"] == 1


def test_anonymising_logs_the_person_out_everywhere(admin, coordinator_file):
    from django.test import Client

    _partnership, person = coordinator_file
    their_browser = Client()
    their_browser.force_login(person)
    assert SESSION_KEY in their_browser.session
    admin.post(reverse("overview:anonymise", args=[person.pk]))
    response = their_browser.get(reverse("initiatives:mine"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_anonymising_removes_the_login_records_kept_under_the_old_address(admin, coordinator_file):
    from axes.models import AccessLog

    _partnership, person = coordinator_file
    AccessLog.objects.create(
        username="jo@initiatief.example", user_agent="x", ip_address="192.0.2.1", http_accept="*", path_info="/"
    )
    admin.post(reverse("overview:anonymise", args=[person.pk]))
    assert not AccessLog.objects.filter(username="jo@initiatief.example").exists()


@pytest.mark.parametrize("role", [Role.BEHEERDER, Role.MEDEWERKER, Role.LEZER])
def test_staff_accounts_are_refused_with_a_clear_message(admin, role):
    person = UserFactory(role=role, full_name="Sam Staf")
    page = admin.get(reverse("overview:anonymise", args=[person.pk])).content.decode()
    assert "Only accounts of initiative coordinators can be anonymised" in page
    assert 'method="post"' not in page.split("<main", 1)[1].split("</main>")[0]

    response = admin.post(reverse("overview:anonymise", args=[person.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Only accounts of initiative coordinators" in m for m in messages)
    person.refresh_from_db()
    assert person.full_name == "Sam Staf" and person.is_active
    assert not SecurityEvent.objects.filter(action="anonymised").exists()


def test_a_coordinator_with_technical_admin_access_is_refused(admin, coordinator_file):
    _partnership, person = coordinator_file
    User.objects.filter(pk=person.pk).update(is_staff=True)
    admin.post(reverse("overview:anonymise", args=[person.pk]))
    person.refresh_from_db()
    assert person.full_name == "Jo Jansen"


def test_anonymising_twice_is_refused(admin, coordinator_file):
    _partnership, person = coordinator_file
    admin.post(reverse("overview:anonymise", args=[person.pk]))
    response = admin.post(reverse("overview:anonymise", args=[person.pk]))
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already been anonymised" in m for m in messages)
    assert SecurityEvent.objects.filter(action="anonymised").count() == 1
