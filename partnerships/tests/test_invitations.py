"""Invitations for initiative coordinators: from the staff's invite, through the mailed link, to
access that ends when the municipality revokes it. Driven through the real views where possible."""

import re
import secrets
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from partnerships.invitation_views import INVITATION_SESSION_KEY
from partnerships.invitations import InvitationError, accept_invitation, hash_token, revoke_invitation
from partnerships.models import ContactLogEntry, CoordinatorAccess, Invitation
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

LINK_RE = re.compile(r"https?://\S+/accounts/uitnodiging/\S+/")
PASSWORD = "Zonnepanelen-op-elk-dak-2026"
EMAIL = "coordinator@initiatief.example"
ACCEPT_URL = reverse("invitations:accept")

# The reasons on the "cannot be used" page, in Dutch.
USED = "Deze uitnodiging is al gebruikt"
NOT_VALID = "Deze uitnodigingslink is niet geldig"
EXPIRED = "Deze uitnodiging is verlopen"
REVOKED = "door de gemeente ingetrokken"
WRONG_USER = "maar u bent ingelogd als"


# --- helpers -----------------------------------------------------------------------------------


def logged_in(user):
    """A separate test client for a second person (the coordinator usually uses `client`)."""
    other = Client()
    other.force_login(user)
    return other


def link_in(message):
    [link] = LINK_RE.findall(message.body)
    return link


def path_and_token(link):
    """The link's path (for the test client) and the token in it."""
    path = urlsplit(link).path
    return path, path.rstrip("/").rsplit("/", 1)[-1]


def send_invitation(staff_client, initiative, email, capture):
    """Invite through the real view; returns the invitation and the link path from the mail."""
    with capture(execute=True):
        response = staff_client.post(reverse("initiatives:invite", args=[initiative.pk]), {"email": email})
    assert response.status_code == 302, response.content.decode()[:500]
    path, token = path_and_token(link_in(mail.outbox[-1]))
    return Invitation.objects.get(token_hash=hash_token(token)), path


def create_account(client, full_name="Fatima de Vries", password1=PASSWORD, password2=None):
    return client.post(
        ACCEPT_URL,
        {"full_name": full_name, "password1": password1, "password2": password1 if password2 is None else password2},
    )


def counts():
    return User.objects.count(), CoordinatorAccess.objects.count()


def page(response):
    return response.content.decode()


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def initiative(db):
    return InitiativeFactory(name="Zonnig Zuid (fictief)")


@pytest.fixture
def staff(medewerker):
    return logged_in(medewerker)


@pytest.fixture
def invited(staff, initiative, django_capture_on_commit_callbacks):
    """A sent invitation for EMAIL, and the path of its link."""
    return send_invitation(staff, initiative, EMAIL, django_capture_on_commit_callbacks)


@pytest.fixture
def coordinator(client, invited, initiative):
    """`client`, logged in as a coordinator who accepted the invitation for `initiative`."""
    _, path = invited
    client.get(path)
    response = create_account(client)
    assert response.status_code == 302
    client.user = User.objects.get(email=EMAIL)
    return client


# --- inviting ----------------------------------------------------------------------------------


def test_staff_invites_by_email_and_one_mail_goes_to_that_address(
    staff, medewerker, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("initiatives:invite", args=[initiative.pk]), {"email": " Coordinator@Initiatief.Example "}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])
    invitation = Invitation.objects.get()
    assert invitation.email == EMAIL
    assert invitation.initiative == initiative
    assert invitation.invited_by == medewerker
    assert invitation.state == Invitation.State.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert initiative.name in mail.outbox[0].subject
    assert len(LINK_RE.findall(mail.outbox[0].body)) == 1
    assert "verloopt na 72 uur" in mail.outbox[0].body


def test_no_mail_leaves_before_the_transaction_commits(staff, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff.post(reverse("initiatives:invite", args=[initiative.pk]), {"email": EMAIL})
    assert mail.outbox == []
    assert len(callbacks) == 2  # the mail and the security-log entry
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_only_the_hash_of_the_token_is_stored(invited):
    invitation, path = invited
    _, token = path_and_token(path)

    assert hash_token(token) == invitation.token_hash
    assert len(invitation.token_hash) == 64
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    for field, value in row.items():
        assert token not in str(value), f"the raw token is stored in {field}"


def test_lezer_cannot_invite(lezer, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(lezer).post(reverse("initiatives:invite", args=[initiative.pk]), {"email": EMAIL})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_default_expiry_is_invitation_valid_hours_after_sending(settings, invited):
    invitation, _ = invited
    assert settings.INVITATION_VALID_HOURS == 72
    assert abs(invitation.expires_at - (invitation.created_at + timedelta(hours=72))) < timedelta(minutes=1)
    assert abs(invitation.expires_at - (timezone.now() + timedelta(hours=72))) < timedelta(minutes=1)


def test_expiry_follows_the_setting(settings, staff, initiative, django_capture_on_commit_callbacks):
    settings.INVITATION_VALID_HOURS = 2
    invitation, _ = send_invitation(staff, initiative, EMAIL, django_capture_on_commit_callbacks)
    assert abs(invitation.expires_at - (timezone.now() + timedelta(hours=2))) < timedelta(minutes=1)
    assert "verloopt na 2 uur" in mail.outbox[-1].body


# --- opening the link and accepting -----------------------------------------------------------


def test_the_link_redirects_to_the_accept_page_without_the_token(client, invited):
    invitation, path = invited
    _, token = path_and_token(path)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACCEPT_URL
    assert token not in response["Location"]
    assert client.session[INVITATION_SESSION_KEY] == Invitation.objects.get(pk=invitation.pk).token_hash


def test_the_accept_page_shows_the_initiative_and_the_account_form(client, invited, initiative):
    _, path = invited
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(ACCEPT_URL, 302)]
    assert initiative.name in page(response)
    assert EMAIL in page(response)
    assert 'name="password1"' in page(response)


def test_the_accept_page_without_a_link_cannot_be_used(client, invited):
    response = client.get(ACCEPT_URL)
    assert response.status_code == 410
    assert "Open eerst de uitnodigingslink" in page(response)


def test_a_new_coordinator_creates_an_account_and_lands_on_their_initiative(client, invited, initiative):
    invitation, path = invited
    client.get(path)

    response = create_account(client, full_name="Fatima de Vries")

    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.COORDINATOR
    assert user.full_name == "Fatima de Vries"
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert INVITATION_SESSION_KEY not in client.session
    access = CoordinatorAccess.objects.get(user=user)
    assert access.initiative == initiative and access.revoked_at is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user
    assert invitation.access == access
    assert invitation.state == Invitation.State.ACCEPTED

    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert initiative.name in page(detail)


def test_the_new_password_works_on_the_login_page(coordinator, initiative):
    fresh = Client()
    response = fresh.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert fresh.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 200


# --- single use ---------------------------------------------------------------------------------


def test_the_link_works_only_once(coordinator, invited):
    _, path = invited
    before = counts()

    for someone in [coordinator, Client()]:
        response = someone.get(path)
        assert response.status_code == 410
        assert USED in page(response)

    assert counts() == before


def test_accept_invitation_twice_raises(invited):
    invitation, _ = invited
    user = accept_invitation(invitation, full_name="Eerste Keer", password=PASSWORD)
    before = counts()

    with pytest.raises(InvitationError):
        accept_invitation(invitation, user=user)
    with pytest.raises(InvitationError):
        accept_invitation(invitation, full_name="Tweede Keer", password=PASSWORD)

    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_a_second_accept_from_a_stale_copy_of_the_invitation_raises(invited):
    """Two requests that both loaded the invitation before either accepted it."""
    invitation, _ = invited
    stale = Invitation.objects.get(pk=invitation.pk)
    existing = UserFactory(email=EMAIL)
    accept_invitation(invitation, user=existing)

    with pytest.raises(InvitationError):
        accept_invitation(stale, user=existing)
    assert CoordinatorAccess.objects.filter(user=existing).count() == 1


def test_two_accepts_at_once_give_the_loser_a_clear_message_not_an_error(invited, monkeypatch):
    """Both requests passed the "no account with this address yet" check before either created one;
    the second create hits the unique address. Simulated by the winner creating the account right
    after the loser's check."""
    invitation, _ = invited
    original_exists = QuerySet.exists

    def winner_creates_the_account_meanwhile(queryset):
        answer = original_exists(queryset)
        if queryset.model is User and not answer:
            User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Winnaar", role=Role.COORDINATOR)
        return answer

    monkeypatch.setattr(QuerySet, "exists", winner_creates_the_account_meanwhile)
    with pytest.raises(InvitationError, match="al gebruikt|already been used"):
        accept_invitation(invitation, full_name="Verliezer", password=PASSWORD)
    monkeypatch.undo()
    # Nothing of the loser's remains (here the "winner" shared the loser's transaction, so its account
    # went too; in production it committed on its own).
    assert not User.objects.filter(full_name="Verliezer").exists()
    assert not CoordinatorAccess.objects.exists()


# --- expiry -------------------------------------------------------------------------------------


def test_an_expired_link_cannot_be_used(client, invited):
    invitation, path = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = counts()

    response = client.get(path)

    assert response.status_code == 410
    assert EXPIRED in page(response)
    assert INVITATION_SESSION_KEY not in client.session
    assert counts() == before


def test_an_invitation_that_expires_while_the_form_is_open_cannot_be_accepted(client, invited):
    invitation, path = invited
    client.get(path)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = counts()

    response = create_account(client)

    assert response.status_code == 410
    assert EXPIRED in page(response)
    assert counts() == before
    assert "_auth_user_id" not in client.session


# --- tampering ---------------------------------------------------------------------------------


def flip_one_char(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(flip_one_char, id="one-char-changed"),
        pytest.param(lambda token: token[:-1], id="one-char-shorter"),
        pytest.param(lambda token: secrets.token_urlsafe(32), id="random"),
    ],
)
def test_a_tampered_link_is_not_valid(client, invited, tamper):
    invitation, path = invited
    _, token = path_and_token(path)
    before = counts()

    response = client.get(reverse("invitations:link", args=[tamper(token)]))

    assert response.status_code == 410
    assert NOT_VALID in page(response)
    assert INVITATION_SESSION_KEY not in client.session
    assert "_auth_user_id" not in client.session
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT


# --- form errors -------------------------------------------------------------------------------


def test_different_passwords_create_nothing_and_the_invitation_stays_usable(client, invited):
    invitation, path = invited
    client.get(path)
    before = counts()

    response = create_account(client, password1=PASSWORD, password2=PASSWORD + "x")

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert "De twee wachtwoorden zijn niet gelijk" in page(response)
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    # The same session can still accept.
    assert create_account(client).status_code == 302
    assert User.objects.filter(email=EMAIL, role=Role.COORDINATOR).exists()


@pytest.mark.parametrize("password", ["Kort-1", "qwerty123456"], ids=["too-short", "too-common"])
def test_a_weak_password_creates_nothing(client, invited, password):
    invitation, path = invited
    client.get(path)
    before = counts()

    response = create_account(client, password1=password)

    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    assert client.session[INVITATION_SESSION_KEY] == Invitation.objects.get(pk=invitation.pk).token_hash


# --- an address that already has an account ------------------------------------------------------


@pytest.fixture
def existing(db):
    return UserFactory(email=EMAIL, lezer=True, full_name="Bestaande Persoon")


def test_an_existing_account_is_asked_to_log_in_first(client, existing, invited):
    invitation, path = invited
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "Er bestaat al een account met dit adres" in page(response)
    assert 'name="password1"' not in page(response)

    before = counts()
    response = create_account(client)
    assert response.status_code == 200
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    existing.refresh_from_db()
    assert existing.check_password("een-goed-wachtwoord")


def test_an_existing_account_links_the_initiative_after_logging_in(client, existing, invited, initiative):
    invitation, path = invited
    client.get(path)
    client.force_login(existing)
    assert client.session[INVITATION_SESSION_KEY] == Invitation.objects.get(pk=invitation.pk).token_hash
    assert "Accepteren en aan mijn account koppelen" in page(client.get(ACCEPT_URL))

    response = client.post(ACCEPT_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])
    assert User.objects.filter(email__iexact=EMAIL).count() == 1
    access = CoordinatorAccess.objects.get(user=existing)
    assert access.initiative == initiative and access.revoked_at is None
    existing.refresh_from_db()
    assert existing.role == Role.LEZER
    invitation.refresh_from_db()
    assert invitation.accepted_by == existing
    assert invitation.access == access


def test_an_existing_account_can_log_in_through_the_login_page_and_accept(client, existing, invited, initiative):
    invitation, path = invited
    client.get(path)
    response = client.post(
        f"{reverse('accounts:login')}?next={ACCEPT_URL}",
        {"username": EMAIL, "password": "een-goed-wachtwoord", "next": ACCEPT_URL},
    )
    assert response.status_code == 302
    assert response["Location"] == ACCEPT_URL
    assert client.session[INVITATION_SESSION_KEY] == Invitation.objects.get(pk=invitation.pk).token_hash

    assert client.post(ACCEPT_URL).status_code == 302
    assert CoordinatorAccess.objects.filter(user=existing, initiative=initiative, revoked_at__isnull=True).exists()


def test_someone_logged_in_with_another_address_cannot_accept(client, invited):
    invitation, path = invited
    other = UserFactory(email="iemand.anders@gemeente.example")
    client.force_login(other)
    client.get(path)

    response = client.get(ACCEPT_URL)
    assert WRONG_USER in page(response)

    response = client.post(ACCEPT_URL)

    assert response.status_code == 200
    assert WRONG_USER in page(response)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not CoordinatorAccess.objects.exists()


# --- revoking ----------------------------------------------------------------------------------


def test_revoking_an_accepted_invitation_ends_access_on_the_open_session(coordinator, staff, invited, initiative):
    invitation, _ = invited
    detail = reverse("initiatives:detail", args=[initiative.pk])
    assert coordinator.get(detail).status_code == 200

    response = staff.post(reverse("initiatives:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    access = CoordinatorAccess.objects.get(user=coordinator.user)
    assert access.revoked_at is not None
    assert coordinator.get(detail).status_code == 404
    assert coordinator.get(reverse("initiatives:update", args=[initiative.pk])).status_code == 404


def test_revoking_a_sent_invitation_makes_its_link_say_so(client, staff, invited):
    invitation, path = invited
    staff.post(reverse("initiatives:invitation_revoke", args=[invitation.pk]))
    before = counts()

    response = client.get(path)

    assert response.status_code == 410
    assert REVOKED in page(response)
    assert counts() == before


def test_revoking_while_the_accept_form_is_open_stops_the_accept(client, staff, invited):
    invitation, path = invited
    client.get(path)
    staff.post(reverse("initiatives:invitation_revoke", args=[invitation.pk]))
    before = counts()

    response = create_account(client)

    assert response.status_code == 410
    assert REVOKED in page(response)
    assert counts() == before


def test_revoking_with_the_object_that_was_accepted_still_ends_access(invited, medewerker):
    invitation, _ = invited
    user = accept_invitation(invitation, full_name="Fatima de Vries", password=PASSWORD)

    revoke_invitation(invitation, actor=medewerker)

    assert not CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).exists()


@pytest.mark.parametrize("url_name", ["initiatives:invitation_revoke", "initiatives:invitation_resend"])
def test_revoke_and_resend_are_post_only(staff, invited, url_name):
    invitation, _ = invited
    response = staff.get(reverse(url_name, args=[invitation.pk]))
    assert response.status_code == 405
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT


@pytest.mark.parametrize("url_name", ["initiatives:invitation_revoke", "initiatives:invitation_resend"])
def test_lezer_cannot_revoke_or_resend(lezer, invited, url_name, django_capture_on_commit_callbacks):
    invitation, _ = invited
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(lezer).post(reverse(url_name, args=[invitation.pk]))
    assert response.status_code == 403
    assert len(mail.outbox) == sent
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.SENT


# --- sending again -----------------------------------------------------------------------------


def resend(staff, invitation, capture):
    with capture(execute=True):
        response = staff.post(reverse("initiatives:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    return response


def test_resend_mails_a_new_link_and_the_old_one_stops_working(
    client, staff, invited, django_capture_on_commit_callbacks
):
    invitation, old_path = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(hours=1))

    resend(staff, invitation, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == [EMAIL]
    new_path, _ = path_and_token(link_in(mail.outbox[-1]))
    assert new_path != old_path
    refreshed = Invitation.objects.get(pk=invitation.pk)
    assert refreshed.expires_at > timezone.now() + timedelta(hours=71)

    old = client.get(old_path)
    assert old.status_code == 410
    assert NOT_VALID in page(old)
    new = client.get(new_path)
    assert new.status_code == 302
    assert new["Location"] == ACCEPT_URL
    assert create_account(client).status_code == 302


def test_resend_also_ends_a_session_opened_with_the_old_link(
    client, staff, invited, django_capture_on_commit_callbacks
):
    invitation, old_path = invited
    assert client.get(old_path).status_code == 302  # the accept page is open in this session

    resend(staff, invitation, django_capture_on_commit_callbacks)

    response = create_account(client)
    assert response.status_code == 410
    assert not User.objects.filter(email=EMAIL).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_resend_revives_an_expired_invitation(client, staff, invited, django_capture_on_commit_callbacks):
    invitation, _ = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))

    resend(staff, invitation, django_capture_on_commit_callbacks)

    assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.SENT
    new_path, _ = path_and_token(link_in(mail.outbox[-1]))
    assert client.get(new_path).status_code == 302


def test_an_accepted_or_revoked_invitation_is_not_sent_again(
    coordinator, staff, invited, django_capture_on_commit_callbacks
):
    invitation, _ = invited
    sent = len(mail.outbox)
    response = resend(staff, invitation, django_capture_on_commit_callbacks)
    assert "kan niet meer opnieuw worden verstuurd" in page(staff.get(response["Location"]))

    staff.post(reverse("initiatives:invitation_revoke", args=[invitation.pk]))
    resend(staff, invitation, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == sent
    assert Invitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash


# --- what a coordinator can reach ----------------------------------------------------------------


@pytest.fixture
def other_initiative(staff, django_capture_on_commit_callbacks):
    """Initiative B, with a sent invitation of its own."""
    other = InitiativeFactory(name="Groen Noord (fictief)")
    invitation, _ = send_invitation(staff, other, "b@initiatief.example", django_capture_on_commit_callbacks)
    other.invitation = invitation
    return other


@pytest.mark.parametrize("url_name", ["initiatives:detail", "initiatives:update"])
def test_a_coordinator_opens_their_own_initiative(coordinator, initiative, url_name):
    """The control for the 404s below: the same pages of their own initiative do open."""
    assert coordinator.get(reverse(url_name, args=[initiative.pk])).status_code == 200


@pytest.mark.parametrize(
    "url_name, method",
    [
        ("initiatives:detail", "get"),
        ("initiatives:update", "get"),
        ("initiatives:update", "post"),
        ("initiatives:log_create", "get"),
        ("initiatives:log_create", "post"),
        ("initiatives:invite", "get"),
        ("initiatives:invite", "post"),
    ],
)
def test_a_coordinator_gets_404_on_another_initiative(coordinator, other_initiative, url_name, method):
    response = getattr(coordinator, method)(reverse(url_name, args=[other_initiative.pk]), {"email": "x@y.example"})
    assert response.status_code == 404
    assert Invitation.objects.filter(initiative=other_initiative).count() == 1


@pytest.mark.parametrize("url_name", ["initiatives:invitation_revoke", "initiatives:invitation_resend"])
def test_a_coordinator_cannot_revoke_or_resend_another_initiatives_invitation(
    coordinator, other_initiative, url_name, django_capture_on_commit_callbacks
):
    invitation = other_initiative.invitation
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse(url_name, args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("url_name", ["initiatives:invite", "initiatives:invitation_revoke"])
def test_a_coordinator_cannot_manage_invitations_of_their_own_initiative(coordinator, invited, initiative, url_name):
    invitation, _ = invited
    pk = initiative.pk if url_name == "initiatives:invite" else invitation.pk
    response = coordinator.post(reverse(url_name, args=[pk]), {"email": "vriend@initiatief.example"})
    assert response.status_code == 404
    assert Invitation.objects.filter(initiative=initiative).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.ACCEPTED


@pytest.mark.parametrize(
    "url_name", ["neighbourhoods:list", "accounts:user_list", "initiatives:list", "initiatives:export"]
)
def test_a_coordinator_gets_404_on_staff_pages(coordinator, url_name):
    assert coordinator.get(reverse(url_name)).status_code == 404


def test_a_coordinator_starts_at_their_own_initiative(coordinator, initiative):
    response = coordinator.get(reverse("overview:home"))
    assert response.status_code == 200
    assert reverse("initiatives:detail", args=[initiative.pk]) in response.content.decode()  # their dashboard
    response = coordinator.get(reverse("initiatives:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])


def test_a_coordinator_sees_only_the_shared_contact_log(coordinator, staff, initiative, medewerker):
    initiative.notes = "Interne notitie: subsidie nog niet rond"
    initiative.save()
    common = {"initiative": initiative, "date": date(2026, 3, 1), "author": medewerker}
    ContactLogEntry.objects.create(**common, summary="Gedeeld: kennismaking op locatie", visibility="shared")
    ContactLogEntry.objects.create(**common, summary="Intern: twijfels over de begroting", visibility="internal")
    detail = reverse("initiatives:detail", args=[initiative.pk])

    staff_page = page(staff.get(detail))
    assert "Intern: twijfels over de begroting" in staff_page  # the entry does render for staff

    response = coordinator.get(detail)
    assert response.status_code == 200
    assert "Gedeeld: kennismaking op locatie" in page(response)
    assert "Intern: twijfels over de begroting" not in page(response)
    assert "subsidie nog niet rond" not in page(response)
    assert [e.visibility for e in response.context["log"]] == ["shared"]
