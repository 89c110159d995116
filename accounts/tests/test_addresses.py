"""One normalised form of an email address (NFKC + casefold) for logging in, for counting failed
logins and for storing; only plain addresses get an account. On PostgreSQL `email__iexact` compares
UPPER() of both sides, where `ı` (dotless i) and `ſ` (long s) become I and S: a look-alike spelling
then found another person's account, and axes counted its failures under another key."""

import pytest
from django.urls import reverse

from accounts.auth import axes_username, normalise_email
from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from audit.tests.factories import invitation as make_invitation
from partnerships.invitations import InvitationError, accept_invitation
from partnerships.models import Invitation
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
PASSWORD = "een-goed-wachtwoord"
NOT_PLAIN = "Gebruik een gewoon e-mailadres"
# Valid addresses to Django's email validator, yet not plain.
LOOK_ALIKES = [
    "kım@example.nl",  # dotless i: UPPER() gives KIM
    "ſanne@example.nl",  # long s: UPPER() gives SANNE, NFKC gives s
    "K\u212aim@example.nl",  # Kelvin sign
    "kim@exämple.nl",  # a non-ASCII domain (an international domain goes in its xn-- form)
    '"kim"@example.nl',  # a quoted local part
]
# Invalid to Django's validator already (the forms say so); create_user must refuse them too.
INVISIBLE = ["kim\u200b@example.nl", "kim\x07@example.nl", "kim@example.nl\x00"]


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_look_alike_address_does_not_log_in_as_the_account(client):
    kim = UserFactory(email="kim@example.nl")
    response = login(client, "kım@example.nl", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("kım@example.nl")
    # Spellings that are the same address in normalised form do find the account.
    for spelling in ["KIM@Example.NL", " kim@example.nl ", "ｋim@example.nl"]:
        assert User.objects.get_by_natural_key(spelling) == kim
    assert login(client, "Kim@Example.NL", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(kim.pk)


def test_failures_under_every_spelling_of_one_address_count_to_one_lockout(client):
    from axes.models import AccessAttempt

    UserFactory(email="sanne@example.nl")
    spellings = ["ſanne@example.nl", "SANNE@example.nl", "sanne@EXAMPLE.nl", "Sanne@Example.NL", "sanne@example.nl"]
    for spelling in spellings:
        assert login(client, spelling, "fout").status_code in (200, 429)  # the fifth one locks
    # One key, the form the login looks the account up by.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"sanne@example.nl"}
    response = login(client, "sanne@example.nl", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_key_is_the_lookup_key_for_every_spelling():
    kim = UserFactory(email="kim@example.nl")
    for spelling in ["kim@example.nl", "KIM@EXAMPLE.NL", "ｋim@example.nl", "kım@example.nl", "K\u212aim@example.nl"]:
        key = axes_username(None, {"username": spelling})
        assert key == normalise_email(spelling)
        # Whatever spelling can reach Kim's account is counted under Kim's key, and nothing else is.
        assert User.objects.filter(email=key).exists() == (key == kim.email)
    assert axes_username(None, {"username": "kım@example.nl"}) != kim.email


@pytest.mark.parametrize("address", LOOK_ALIKES)
def test_user_management_refuses_an_address_that_is_not_plain(client, beheerder, address):
    client.force_login(beheerder)
    response = client.post(
        reverse("accounts:user_create"),
        {"full_name": "Look Alike", "email": address, "role": Role.LEZER, "language": ""},
    )
    assert response.status_code == 200
    assert NOT_PLAIN in response.content.decode()
    assert not User.objects.filter(full_name="Look Alike").exists()


def test_user_management_refuses_a_look_alike_of_an_existing_account(client, beheerder):
    UserFactory(email="kim@example.nl")
    client.force_login(beheerder)
    response = client.post(
        reverse("accounts:user_create"),
        {"full_name": "Kım", "email": "kım@example.nl", "role": Role.LEZER, "language": ""},
    )
    assert response.status_code == 200 and NOT_PLAIN in response.content.decode()
    assert User.objects.count() == 2  # Kim and the beheerder


@pytest.mark.parametrize("address", LOOK_ALIKES + INVISIBLE)
def test_create_user_refuses_an_address_that_is_not_plain(address):
    with pytest.raises(ValueError):
        User.objects.create_user(email=address, password=PASSWORD, full_name="X")
    assert not User.objects.exists()


def test_create_user_stores_the_normalised_address():
    assert User.objects.create_user(email=" Kim.de-Vries@Example.NL ", full_name="Kim").email == (
        "kim.de-vries@example.nl"
    )


@pytest.mark.parametrize("address", LOOK_ALIKES)
def test_an_invitation_to_an_address_that_is_not_plain_is_refused(client, medewerker, address):
    initiative = InitiativeFactory()
    client.force_login(medewerker)
    response = client.post(reverse("initiatives:invite", args=[initiative.pk]), {"email": address})
    assert response.status_code == 200
    assert NOT_PLAIN in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_an_older_invitation_for_a_look_alike_creates_no_account():
    UserFactory(email="kim@example.nl")
    # Written directly, as an invitation from before addresses had to be plain.
    old = make_invitation(InitiativeFactory(), email="kım@example.nl")
    with pytest.raises(InvitationError, match="niet voor een account kan"):
        accept_invitation(old, full_name="Kım", password="Zonnepanelen-op-elk-dak-2026")
    assert User.objects.count() == 1


def test_an_account_logged_in_as_kim_cannot_accept_an_invitation_for_a_look_alike():
    kim = UserFactory(email="kim@example.nl")
    old = make_invitation(InitiativeFactory(), email="kım@example.nl")
    with pytest.raises(InvitationError):
        accept_invitation(old, user=kim)


def test_personal_data_of_kim_leaves_out_and_leaves_alone_a_look_alike(client):
    """The export and the anonymising match Kim's own address exactly: on PostgreSQL `iexact` also
    took the invitation and failed logins of `kım@example.nl`, someone else's data."""
    from axes.models import AccessAttempt

    from overview.personal_data import anonymise, export

    kim = UserFactory(email="kim@example.nl", role=Role.COORDINATOR)
    other = make_invitation(InitiativeFactory(), email="kım@example.nl")
    login(client, "kım@example.nl", "fout")
    assert AccessAttempt.objects.filter(username="kım@example.nl").exists()

    data = export(kim)
    assert [i["email"] for i in data["invitations"]] == []
    assert all(row["kind"] != "failed_attempts" for row in data["login_records"])

    anonymise(kim, actor=UserFactory(beheerder=True))
    other.refresh_from_db()
    assert other.email == "kım@example.nl" and other.revoked_at is None
    assert AccessAttempt.objects.filter(username="kım@example.nl").exists()


def test_the_migration_rewrites_stored_addresses_to_the_normalised_form():
    import importlib

    migration = importlib.import_module("accounts.migrations.0003_email_plain_validator")
    # The migration runs while Invitation is still in `accounts` (before 0004 moves it).
    models = {("accounts", "User"): User, ("accounts", "Invitation"): Invitation}
    at_that_time = type("Apps", (), {"get_model": staticmethod(lambda app, name: models[(app, name)])})
    old = UserFactory(email="placeholder@example.nl")
    taken = UserFactory(email="kim@example.nl")
    clash = UserFactory(email="placeholder2@example.nl")
    # As stored before: lowercased only (update() bypasses save, which normalises now).
    User.objects.filter(pk=old.pk).update(email="straße@example.nl")
    User.objects.filter(pk=clash.pk).update(email="ｋim@example.nl")
    migration.normalise_addresses(at_that_time, None)
    assert User.objects.get(pk=old.pk).email == "strasse@example.nl"
    assert User.objects.get(pk=taken.pk).email == "kim@example.nl"
    assert User.objects.get(pk=clash.pk).email == "ｋim@example.nl"  # would collide: left as it is
