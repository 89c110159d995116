import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from core.models import ChangeEntry

pytestmark = pytest.mark.django_db
PASSWORD = "een-goed-wachtwoord"


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_with_email_in_any_case(client):
    user = UserFactory(email="anne@gemeente.example")
    response = login(client, "Anne@Gemeente.Example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gives_a_dutch_error_and_keeps_the_email(client):
    UserFactory(email="anne@gemeente.example")
    response = login(client, "anne@gemeente.example", "fout")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Het e-mailadres of wachtwoord klopt niet" in content
    assert 'value="anne@gemeente.example"' in content
    assert "_auth_user_id" not in client.session


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client):
    UserFactory(email="anne@gemeente.example")
    for _ in range(5):
        login(client, "anne@gemeente.example", "fout")
    response = login(client, "anne@gemeente.example", PASSWORD)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="oud@gemeente.example", inactive=True)
    response = login(client, "oud@gemeente.example", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_single_use_link_and_removes_the_token_from_the_url(client):
    user = UserFactory(email="anne@gemeente.example")
    client.post(reverse("accounts:password_reset"), {"email": "anne@gemeente.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    response = client.get(link)
    # Django puts the token in the session and redirects to a URL without it.
    assert response.status_code == 302
    token = link.rstrip("/").split("/")[-1]
    assert token not in response["Location"]
    set_url = response["Location"]
    response = client.post(
        set_url, {"new_password1": "nieuw-en-lang-genoeg-2026", "new_password2": "nieuw-en-lang-genoeg-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuw-en-lang-genoeg-2026")
    # The link is single-use.
    response = client.get(link, follow=True)
    assert "niet meer geldig" in response.content.decode()


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "nieuw-en-lang-genoeg-2026",
            "new_password2": "nieuw-en-lang-genoeg-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuw-en-lang-genoeg-2026")


def test_language_switch_is_kept_on_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": reverse("overview:home")})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).language == "en"
    entry = ChangeEntry.objects.for_object(user).get()  # through the service, with history
    assert (entry.actor, entry.changes[0]["field"], entry.changes[0]["new"]) == (user, "language", "Engels")
    page = client.get(reverse("overview:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Next steps" in page


def test_anonymous_language_switch_uses_a_cookie(client):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": reverse("accounts:login")})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page and "Forgot your password?" in page


def test_pages_are_dutch_by_default(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="nl">' in page
    assert "Wachtwoord vergeten?" in page
