"""The "forgot your password" page: the answer never tells whether an account exists or whether a
rate limit was reached; the mail goes out after the response; limits per address and per client."""

import logging

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.tests.test_login import BEHIND_ONE_PROXY, PROXY
from accounts.views import PasswordResetView

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture
def anne(db):
    return UserFactory(email="anne@gemeente.example")


def ask_view(email, address="192.0.2.10"):
    """Call the view itself, as the server does: the response, before the server closes it."""
    request = RequestFactory().post(URL, {"email": email}, REMOTE_ADDR=address)
    request._dont_enforce_csrf_checks = True
    return PasswordResetView.as_view()(request)


def ask(email, address="192.0.2.10", **meta):
    """Through the whole stack from a fresh browser; the test client closes the response, as a server does."""
    return Client().post(URL, {"email": email}, REMOTE_ADDR=address, **meta)


def answer(response):
    return response.status_code, response.get("Location"), response.content, sorted(response.headers.items())


def mails_to(address):
    return sum(address in message.to for message in mail.outbox)


def test_the_answer_comes_before_any_lookup_and_the_mail_after_it(anne, django_assert_num_queries):
    with django_assert_num_queries(0):  # no account is looked up before the answer is ready
        known = ask_view("anne@gemeente.example")
    assert mail.outbox == []
    known.close()  # the server has sent the answer
    assert mails_to("anne@gemeente.example") == 1

    with django_assert_num_queries(0):
        unknown = ask_view("niemand@gemeente.example")
    unknown.close()
    assert len(mail.outbox) == 1
    assert answer(known) == answer(unknown)
    assert known["Location"] == DONE


def test_a_failure_after_the_answer_is_logged_and_changes_nothing(anne, monkeypatch, caplog):
    def broken(self, email):
        raise ConnectionError("database gone")

    monkeypatch.setattr("accounts.forms.PasswordResetForm.get_users", broken)
    with caplog.at_level(logging.ERROR, logger="accounts.password_reset"):
        response = ask("anne@gemeente.example")
    assert (response.status_code, response["Location"]) == (302, DONE)
    assert "Sending the password reset mail failed" in caplog.text


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=3, PASSWORD_RESET_LIMIT_PER_CLIENT=100)
def test_at_most_three_mails_an_hour_for_one_address_in_any_spelling(anne, monkeypatch):
    import time

    responses = [
        ask(spelling, address=f"192.0.2.{n}")
        for n, spelling in enumerate(["anne@gemeente.example", "Anne@Gemeente.Example", " ANNE@gemeente.example "])
    ]
    assert mails_to("anne@gemeente.example") == 3
    responses.append(ask("anne@gemeente.example", address="192.0.2.99"))
    assert mails_to("anne@gemeente.example") == 3
    # The limited request is answered exactly like the others and like an unknown address.
    responses.append(ask("niemand@gemeente.example", address="192.0.2.98"))
    assert len({(r.status_code, r["Location"], r.content) for r in responses}) == 1
    # Another address is not affected.
    UserFactory(email="bert@gemeente.example")
    ask("bert@gemeente.example", address="192.0.2.99")
    assert mails_to("bert@gemeente.example") == 1
    # An hour later Anne can ask again.
    later = time.time() + 3601
    monkeypatch.setattr("accounts.password_reset.time.time", lambda: later)
    ask("anne@gemeente.example", address="192.0.2.99")
    assert mails_to("anne@gemeente.example") == 4


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=100, PASSWORD_RESET_LIMIT_PER_CLIENT=3)
def test_at_most_three_requests_an_hour_from_one_client(anne):
    for n in range(3):
        ask(f"niemand{n}@gemeente.example", address="203.0.113.5")
    limited = ask("anne@gemeente.example", address="203.0.113.5")
    assert mails_to("anne@gemeente.example") == 0
    assert (limited.status_code, limited["Location"]) == (302, DONE)
    # Another client is not affected.
    ask("anne@gemeente.example", address="198.51.100.7")
    assert mails_to("anne@gemeente.example") == 1


@override_settings(PASSWORD_RESET_LIMIT_PER_ADDRESS=100, PASSWORD_RESET_LIMIT_PER_CLIENT=3, **BEHIND_ONE_PROXY)
def test_behind_the_proxy_the_client_limit_counts_each_client_on_its_own(anne):
    for n in range(3):
        ask(f"niemand{n}@gemeente.example", address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    ask("anne@gemeente.example", address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert mails_to("anne@gemeente.example") == 0
    ask("anne@gemeente.example", address=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert mails_to("anne@gemeente.example") == 1


def test_no_mail_for_an_inactive_account_or_a_look_alike():
    UserFactory(email="oud@gemeente.example", inactive=True)
    UserFactory(email="kim@gemeente.example")
    ask("oud@gemeente.example")
    ask("kım@gemeente.example")
    assert mail.outbox == []
