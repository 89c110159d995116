import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from core.testing import assert_on_page

pytestmark = pytest.mark.django_db


def test_beheerder_creates_an_account_and_the_person_gets_a_link(client, beheerder, django_capture_on_commit_callbacks):
    client.force_login(beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {"full_name": "Nieuwe Collega", "email": "Nieuw@Gemeente.example", "role": Role.MEDEWERKER, "language": ""},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@gemeente.example")
    assert user.role == Role.MEDEWERKER and not user.has_usable_password()
    assert len(mail.outbox) == 1 and "nieuw@gemeente.example" in mail.outbox[0].to
    assert ChangeEntry.objects.for_object(user).get().actor == beheerder


def test_duplicate_email_is_refused(client, beheerder):
    UserFactory(email="dubbel@gemeente.example")
    client.force_login(beheerder)
    response = client.post(
        reverse("accounts:user_create"),
        {"full_name": "X", "email": "DUBBEL@gemeente.example", "role": Role.LEZER, "language": ""},
    )
    assert response.status_code == 200
    assert "bestaat al een account" in response.content.decode()
    assert User.objects.filter(email__iexact="dubbel@gemeente.example").count() == 1


def test_beheerder_changes_a_role_and_history_shows_it(client, beheerder):
    colleague = UserFactory(lezer=True)
    client.force_login(beheerder)
    response = client.post(
        reverse("accounts:user_update", args=[colleague.pk]),
        {
            "version": colleague.version,
            "full_name": colleague.full_name,
            "role": Role.MEDEWERKER,
            "language": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Role.MEDEWERKER
    [entry] = ChangeEntry.objects.for_object(colleague)
    # Stored as keys and choice values; words only when read, in the reader's language.
    assert entry.changes == [
        {"field": "role", "model": "accounts.user", "type": "choice", "old": "lezer", "new": "medewerker"}
    ]


def test_beheerder_cannot_lock_themself_out(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("accounts:user_update", args=[beheerder.pk]),
        {"version": beheerder.version, "full_name": "B", "role": Role.LEZER, "language": ""},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "eigen account niet deactiveren" in content
    assert "eigen rol van beheerder niet afnemen" in content
    beheerder.refresh_from_db()
    assert beheerder.role == Role.BEHEERDER and beheerder.is_active


def test_profile_edit_changes_name_and_language(client, lezer):
    client.force_login(lezer)
    response = client.post(
        reverse("accounts:profile"),
        {"version": lezer.version, "full_name": "Andere Naam", "language": "en", "notification_mail": "daily"},
    )
    assert response.status_code == 302
    lezer.refresh_from_db()
    assert (lezer.full_name, lezer.language) == ("Andere Naam", "en")


@pytest.mark.parametrize("rows", [1, 50])
def test_user_list_query_count_does_not_grow(client, beheerder, django_assert_num_queries, rows):
    # Names that sort before the beheerder's, so the first page of 25 is theirs.
    users = [UserFactory(full_name=f"AAA Testpersoon {i:02d}") for i in range(rows)]
    client.force_login(beheerder)
    # session, user, count for the paginator, the page of users, municipality in the header
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert_on_page(response, [user.full_name for user in users[:25]])
