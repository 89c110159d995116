import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from audit.models import SecurityEvent
from audit.services import record
from audit.tests.factories import invitation
from core.testing import assert_access, assert_on_page, matrix_params
from partnerships import invitations
from partnerships.tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("audit.tests.urls")]
PASSWORD = "een-goed-wachtwoord"


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def a_request(user=None, **meta):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Firefox/140 " + "x" * 400, **meta)
    if user is not None:
        request.user = user
    return request


# --- record() -------------------------------------------------------------------------------------------


def test_record_takes_actor_address_and_browser_from_the_request(beheerder):
    target = UserFactory(full_name="Anne de Vries")
    event = record(a_request(beheerder), "role_changed", obj=target, detail={"old": "Lezer", "new": "Editor"})
    event.refresh_from_db()
    assert event.actor == beheerder
    assert event.actor_repr == beheerder.email
    assert event.origin == "192.0.2.7"
    assert event.user_agent.startswith("Firefox/140") and len(event.user_agent) == 255
    assert (event.object_type, event.object_id, event.object_repr) == ("accounts.user", str(target.pk), "Anne de Vries")
    assert event.result == SecurityEvent.Result.SUCCESS
    assert event.detail == {"old": "Lezer", "new": "Editor"}


def test_record_works_without_a_request():
    actor = UserFactory()
    event = record(None, SecurityEvent.Action.EXPORT, actor=actor, result="failure")
    assert (event.actor, event.origin, event.user_agent, event.result) == (actor, "", "", "failure")
    assert record(None, "export").actor is None


def test_record_ignores_an_anonymous_request_user():
    from django.contrib.auth.models import AnonymousUser

    event = record(a_request(AnonymousUser()), "login_failed", result="failure")
    assert event.actor is None and event.actor_repr == ""


def test_record_refuses_unknown_actions_and_results():
    with pytest.raises(ValueError):
        record(None, "deleted_everything")
    with pytest.raises(ValueError):
        record(None, "export", result="maybe")


def test_the_log_is_append_only():
    event = record(None, "export")
    event.detail = {"rewritten": True}
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.filter(pk=event.pk).update(result="failure")
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.all().delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        SecurityEvent.objects.bulk_update([event], ["detail"])
    assert SecurityEvent.objects.get(pk=event.pk).detail == {}


def test_only_the_retention_purge_removes_events():
    now = timezone.now()
    old = SecurityEvent.objects.create(action="login", at=now - datetime.timedelta(days=800))
    recent = SecurityEvent.objects.create(action="login", at=now - datetime.timedelta(days=10))
    assert SecurityEvent.purge_older_than(now - datetime.timedelta(days=730)) == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()


def test_deleting_an_account_keeps_its_events_under_the_login_name():
    user = UserFactory(email="weg@gemeente.example")
    event = record(None, "login", actor=user)
    user.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_repr == "weg@gemeente.example"


# --- Helpers for existing code ------------------------------------------------------------------------------


def test_sending_an_invitation_is_logged_with_address_and_initiative(
    client, medewerker, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(name="Zon op Zuid")
    client.force_login(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:invite", args=[initiative.pk]), {"email": "c@initiatief.example"})
    event = SecurityEvent.objects.get(action="invitation_sent")
    assert event.object_type == "partnerships.invitation"
    assert event.actor == medewerker
    assert event.detail == {"email": "c@initiatief.example", "initiative_id": initiative.pk}


def test_an_announcement_in_a_rolled_back_transaction_is_not_logged(medewerker, django_capture_on_commit_callbacks):
    sent = invitation(InitiativeFactory(), email="c@initiatief.example", invited_by=medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                invitations.announce(a_request(medewerker), "invitation_sent", sent)
                raise RuntimeError("the change failed")
        invitations.announce(a_request(medewerker), "invitation_sent", sent, resent=True)
    assert [e.detail.get("resent") for e in SecurityEvent.objects.all()] == [True]


def test_a_role_change_is_logged_and_other_changes_are_not(client, beheerder, django_capture_on_commit_callbacks):
    target = UserFactory(role=Role.LEZER, full_name="Lea")
    client.force_login(beheerder)
    url = reverse("accounts:user_update", args=[target.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"full_name": "Lea L.", "role": "lezer", "language": "", "is_active": "on", "version": 1})
    assert not SecurityEvent.objects.filter(action="role_changed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"full_name": "Lea L.", "role": "beheerder", "language": "", "is_active": "on", "version": 2})
    event = SecurityEvent.objects.get(action="role_changed")
    assert event.actor == beheerder
    assert event.detail["role"] == "beheerder"
    assert event.detail["old"] != event.detail["new"]


def test_an_export_is_logged_with_list_format_and_filters(client, lezer, django_capture_on_commit_callbacks):
    client.force_login(lezer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("initiatives:export"), {"fase": "planning", "formaat": "xlsx", "page": "2"})
        client.get(reverse("initiatives:export"))
    first, second = SecurityEvent.objects.filter(action="export").order_by("id")
    assert first.detail == {"what": "initiatieven", "format": "xlsx", "filters": "fase=planning"}
    assert second.detail["format"] == "csv"


# --- Signals -----------------------------------------------------------------------------------------------


def test_a_login_is_logged_with_the_address(client):
    user = UserFactory(email="anne@gemeente.example")
    login(client, "anne@gemeente.example", PASSWORD)
    event = SecurityEvent.objects.get()
    assert (event.action, event.actor, event.result, event.origin) == ("login", user, "success", "127.0.0.1")


def test_a_failed_login_keeps_the_name_tried_but_never_the_password(client):
    UserFactory(email="anne@gemeente.example")
    login(client, "Anne@Gemeente.Example", "geheim-fout-wachtwoord")
    event = SecurityEvent.objects.get()
    assert (event.action, event.result, event.actor) == ("login_failed", "failure", None)
    assert event.detail == {"username": "anne@gemeente.example"}
    row = json.dumps(SecurityEvent.objects.values().get(), default=str)
    assert "geheim-fout-wachtwoord" not in row


def test_a_lockout_is_logged(client):
    UserFactory(email="anne@gemeente.example")
    for _ in range(5):
        login(client, "anne@gemeente.example", "fout")
    actions = list(SecurityEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("login_failed") == 5
    assert "lockout" in actions
    lockout = SecurityEvent.objects.get(action="lockout")
    assert lockout.result == "failure"
    assert lockout.detail["username"] == "anne@gemeente.example"
    # Trying again while locked: logged as failed, marked as locked out; still no login.
    login(client, "anne@gemeente.example", PASSWORD)
    assert not SecurityEvent.objects.filter(action="login").exists()
    assert SecurityEvent.objects.filter(action="login_failed", detail__locked_out=True).exists()


def test_a_logout_is_logged(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert list(SecurityEvent.objects.order_by("id").values_list("action", "actor")) == [
        ("login", user.pk),
        ("logout", user.pk),
    ]


def test_a_logout_without_login_logs_nothing(client):
    client.post(reverse("accounts:logout"))
    assert not SecurityEvent.objects.exists()


# --- The page --------------------------------------------------------------------------------------------

ACCESS = [
    (
        "audit:events",
        {},
        "get",
        {"anonymous": 302, "beheerder": 200, "medewerker": 403, "lezer": 403, "coordinator": 404},
    ),
]


@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(ACCESS))
def test_access(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)


@pytest.fixture
def admin_client_en(client):
    user = UserFactory(role=Role.BEHEERDER, language="en", email="admin@gemeente.example")
    client.force_login(user)
    client.user = user
    return client


def event_at(when, **fields):
    return SecurityEvent.objects.create(at=when, **fields)


def rows(response):
    return [e.pk for e in response.context["object_list"]]


def test_the_log_lists_events_newest_first_in_a_table(admin_client_en):
    now = timezone.now()
    older = event_at(now - datetime.timedelta(hours=2), action="export", actor_repr="x@gemeente.example")
    newer = event_at(now - datetime.timedelta(hours=1), action="login_failed", result="failure")
    response = admin_client_en.get(reverse("audit:events"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<table" in page and '<th scope="col">Action</th>' in page
    assert "Security log" in page
    events = list(response.context["object_list"])
    # The admin's own login (force_login) is the newest.
    assert [e.pk for e in events[1:]] == [newer.pk, older.pk]
    assert events[0].action == "login"


def test_filters_by_action_actor_and_dates(admin_client_en):
    now = timezone.localtime()
    anne = UserFactory(email="anne@gemeente.example")
    a = event_at(now - datetime.timedelta(days=10), action="export", actor=anne, actor_repr=anne.email)
    b = event_at(now - datetime.timedelta(days=3), action="login_failed", detail={"username": "anne@gemeente.example"})
    c = event_at(now - datetime.timedelta(days=1), action="export", actor_repr="bert@gemeente.example")
    url = reverse("audit:events")

    assert rows(admin_client_en.get(url, {"action": "export"})) == [c.pk, a.pk]
    assert rows(admin_client_en.get(url, {"actor": "ANNE@"})) == [b.pk, a.pk]
    day = (now - datetime.timedelta(days=3)).date().isoformat()
    assert rows(admin_client_en.get(url, {"date_from": day, "date_to": day})) == [b.pk]
    since = (now - datetime.timedelta(days=5)).date().isoformat()
    assert rows(admin_client_en.get(url, {"date_from": since, "action": "export"})) == [c.pk]


def test_a_malformed_date_is_reported_and_the_other_filters_still_apply(admin_client_en):
    event_at(timezone.now(), action="export")
    response = admin_client_en.get(reverse("audit:events"), {"date_from": "gisteren", "action": "export"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["date_from"]
    assert [e.action for e in response.context["object_list"]] == ["export"]


def test_fifty_events_per_page(admin_client_en):
    SecurityEvent.objects.bulk_create([SecurityEvent(action="export") for _ in range(60)])
    first = admin_client_en.get(reverse("audit:events"), {"action": "export"})
    assert len(first.context["object_list"]) == 50
    assert "action=export&amp;page=2" in first.content.decode()
    second = admin_client_en.get(reverse("audit:events"), {"action": "export", "page": 2})
    assert len(second.context["object_list"]) == 10


@pytest.mark.parametrize("count", [1, 50])
def test_query_count_does_not_grow(admin_client_en, django_assert_num_queries, count):
    people = UserFactory.create_batch(3)
    SecurityEvent.objects.bulk_create(
        [
            SecurityEvent(
                action="login",
                actor=people[i % 3],
                actor_repr=people[i % 3].email,
                object_repr=f"Gebeurtenis {i:02d}",
                detail={"n": i},
            )
            for i in range(count)
        ]
    )
    # session, user, count, page of events with their actors, municipality in the header
    with django_assert_num_queries(5):
        response = admin_client_en.get(reverse("audit:events"))
    assert response.status_code == 200
    assert_on_page(response, [f"Gebeurtenis {i:02d}" for i in range(count)])
    assert_on_page(response, [person.full_name for person in people[: min(count, 3)]])
