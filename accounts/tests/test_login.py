import json
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from core.testing import run_fresh

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


# What config/settings.py sets for AXES_PROXY_COUNT=1 (checked in a fresh process below).
BEHIND_ONE_PROXY = {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR",), "AXES_IPWARE_PROXY_COUNT": 0}
PROXY = "10.0.0.1"


def login_from(address, email, password):
    """A login through the reverse proxy, from a fresh browser at client `address`."""
    return Client().post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@override_settings(**BEHIND_ONE_PROXY)
def test_behind_the_proxy_failures_from_one_address_lock_out_no_one_else():
    from axes.models import AccessAttempt

    from audit.models import SecurityEvent

    UserFactory(email="kim@gemeente.example")
    UserFactory(email="jan@gemeente.example")
    for _ in range(5):
        login_from("203.0.113.5", "kim@gemeente.example", "fout")
    # The client's address comes from the proxy's header, not the proxy's own address.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert set(SecurityEvent.objects.filter(action="login_failed").values_list("origin", flat=True)) == {"203.0.113.5"}
    # Another person logs in, from another address and from the same one (an office behind one NAT).
    assert login_from("198.51.100.7", "jan@gemeente.example", PASSWORD).status_code == 302
    assert login_from("203.0.113.5", "jan@gemeente.example", PASSWORD).status_code == 302
    # Guessing Kim's password stays stopped, from any address, even with the right password.
    assert login_from("198.51.100.7", "kim@gemeente.example", PASSWORD).status_code == 429
    assert login_from("203.0.113.5", "kim@gemeente.example", PASSWORD).status_code == 429


def _client_addresses(proxy_count, headers):
    """The client address axes (and so the security log) takes for each X-Forwarded-For in `headers`,
    with the settings as they are read at start-up for AXES_PROXY_COUNT=`proxy_count`."""
    code = (
        "import json; from django.conf import settings; from django.test import RequestFactory; "
        "from axes.helpers import get_client_ip_address; rf = RequestFactory(); "
        f"headers = {headers!r}; "
        "print(json.dumps({'order': list(settings.AXES_IPWARE_META_PRECEDENCE_ORDER), "
        "'count': settings.AXES_IPWARE_PROXY_COUNT, 'addresses': [get_client_ip_address(rf.get('/', "
        f"REMOTE_ADDR={PROXY!r}, **({{'HTTP_X_FORWARDED_FOR': h}} if h is not None else {{}}))) for h in headers]}}))"
    )
    result = run_fresh(["manage.py", "shell", "-c", code], AXES_PROXY_COUNT=str(proxy_count))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_proxy_count_decides_which_forwarded_address_is_the_client():
    one = _client_addresses(1, ["203.0.113.5", "1.2.3.4, 203.0.113.5", None])
    assert (one["order"], one["count"]) == (
        list(BEHIND_ONE_PROXY["AXES_IPWARE_META_PRECEDENCE_ORDER"]),
        BEHIND_ONE_PROXY["AXES_IPWARE_PROXY_COUNT"],
    )
    # The entry our proxy appended; what the client put in front of it (a forgery) is ignored.
    assert one["addresses"] == ["203.0.113.5", "203.0.113.5", None]
    two = _client_addresses(2, ["203.0.113.5, 10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.2"])
    assert two["addresses"] == ["203.0.113.5", "203.0.113.5"]
    # Without a proxy the header is the client's own claim: only the socket address counts.
    assert _client_addresses(0, ["203.0.113.5"])["addresses"] == [PROXY]


def test_the_deploy_check_wants_the_proxy_count_behind_a_tls_proxy():
    from core.tests.test_settings import GOOD_KEY

    production = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "wp.example.nl"}
    check = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = run_fresh(check, DJANGO_BEHIND_TLS_PROXY="true", **production)
    assert result.returncode != 0 and "AXES_PROXY_COUNT" in result.stderr + result.stdout
    result = run_fresh(check, DJANGO_BEHIND_TLS_PROXY="true", AXES_PROXY_COUNT="1", **production)
    assert result.returncode == 0, result.stderr


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
    assert (entry.actor, entry.changes[0]["field"], entry.changes[0]["new"]) == (user, "language", "en")
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
