"""Notification mail: by the person's choice, after commit, once, never lost, with a one-click unsubscribe."""

import datetime

import pytest
from django.core import mail as outbox
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationMail
from notifications import mail
from notifications.models import Notification
from partnerships import notices
from partnerships import services as partnership_services

FAILING = "notifications.tests.backends.FailingBackend"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://wijkpartner.example.nl/"


def choose(user, choice):
    user.notification_mail = choice
    user.save()


def comment(side, actor=None, text="Mooi plan!"):
    return partnership_services.add_comment(side.conversation, actor=actor or side.contact, text=text)


def run():
    call_command("send_notifications", stdout=open("/dev/null", "w"))


def test_right_away_is_mailed_after_the_commit(side, django_capture_on_commit_callbacks):
    choose(side.coordinator, NotificationMail.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment(side)
    assert outbox.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(outbox.outbox) == 1
    message = outbox.outbox[0]
    assert message.to == [side.coordinator.email]
    assert "Zonnig Zuid" in message.subject
    assert "Carla Contact" in message.subject
    assert "Mooi plan!" in message.body
    assert (
        "https://wijkpartner.example.nl/partnerschappen/" in message.body
        or "https://wijkpartner.example.nl/" in message.body
    )
    row = Notification.objects.get(recipient=side.coordinator)
    assert row.mail_state == Notification.Mail.SENT and row.mailed_at is not None
    # The daily-digest coordinator got nothing yet; the digest run sends theirs, and only theirs.
    assert Notification.objects.get(recipient=side.coordinator2).mail_state == Notification.Mail.PENDING
    run()
    assert [m.to for m in outbox.outbox] == [[side.coordinator.email], [side.coordinator2.email]]
    assert "Carla Contact" in outbox.outbox[1].subject  # a digest of one names the action too


def test_a_rolled_back_action_mails_nobody(side, django_capture_on_commit_callbacks):
    choose(side.coordinator, NotificationMail.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            comment(side)
            raise RuntimeError
    assert outbox.outbox == [] and not Notification.objects.exists()


def test_no_mail_means_no_mail_but_still_the_inbox(side, django_capture_on_commit_callbacks):
    choose(side.coordinator, NotificationMail.NONE)
    choose(side.coordinator2, NotificationMail.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        comment(side)
        notices.tell(side.partnership, "meeting_planned", actor=side.contact, immediate=True)
    run()
    assert outbox.outbox == []
    assert Notification.objects.filter(recipient=side.coordinator, mail_state=Notification.Mail.NONE).count() == 2


def test_an_immediate_notice_is_mailed_at_once_to_a_daily_reader_with_its_invitation(
    side, django_capture_on_commit_callbacks
):
    ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        notices.tell(
            side.partnership,
            "meeting_planned",
            actor=side.contact,
            recipients=[side.contact, side.coordinator],
            immediate=True,
            summary="Kennismaking",
            attachment=("uitnodiging.ics", ics, "text/calendar; method=REQUEST; charset=utf-8"),
        )
    assert sorted(m.to[0] for m in outbox.outbox) == sorted([side.contact.email, side.coordinator.email])
    raw = outbox.outbox[0].message().as_string()
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert 'filename="uitnodiging.ics"' in raw
    run()
    assert len(outbox.outbox) == 2  # not again


def test_the_digest_is_one_mail_per_person_and_never_sent_twice(side, other_side):
    comment(side, text="Eerste")
    partnership_services.add_activity(
        side.partnership, actor=side.contact, values={"what": "Bewonersavond", "responsible": "open"}
    )
    # The same person coordinating a second initiative: one digest, grouped per initiative.
    other_side.initiative.coordinator_access.create(user=side.coordinator)
    partnership_services.add_comment(other_side.conversation, actor=other_side.contact, text="Tweede")
    run()
    mine = [m for m in outbox.outbox if m.to == [side.coordinator.email]]
    assert len(mine) == 1
    assert "Zonnig Zuid" in mine[0].subject and "Wind van West" in mine[0].subject
    assert mine[0].body.index("Wind van West") < mine[0].body.index("Zonnig Zuid")  # grouped, by name
    assert "Eerste" in mine[0].body and "Tweede" in mine[0].body and "Bewonersavond" in mine[0].body
    count = len(outbox.outbox)
    run()
    run()
    assert len(outbox.outbox) == count
    assert not Notification.objects.exclude(mail_state=Notification.Mail.SENT).exists()


def test_a_failing_smtp_server_loses_nothing(side, django_capture_on_commit_callbacks):
    choose(side.coordinator, NotificationMail.IMMEDIATE)
    with override_settings(EMAIL_BACKEND=FAILING):
        with django_capture_on_commit_callbacks(execute=True):
            response_row = comment(side)  # the request itself does not fail
        assert response_row.pk
        with pytest.raises(CommandError):
            run()
    rows = Notification.objects.all()
    assert {row.mail_state for row in rows} == {Notification.Mail.PENDING}
    immediate = rows.get(recipient=side.coordinator)
    assert immediate.mail_attempts == 2 and "Connection unexpectedly closed" in immediate.mail_error
    assert outbox.outbox == []
    run()  # the server is back
    assert sorted(m.to[0] for m in outbox.outbox) == sorted([side.coordinator.email, side.coordinator2.email])
    assert {row.mail_state for row in Notification.objects.all()} == {Notification.Mail.SENT}
    run()
    assert len(outbox.outbox) == 2


def test_immediate_only_retries_without_sending_digests(side):
    choose(side.coordinator, NotificationMail.IMMEDIATE)
    with override_settings(EMAIL_BACKEND=FAILING):
        comment(side)  # outside captured on-commit callbacks: only the command can send it
    call_command("send_notifications", "--immediate-only", stdout=open("/dev/null", "w"))
    assert [m.to for m in outbox.outbox] == [[side.coordinator.email]]
    assert Notification.objects.get(recipient=side.coordinator2).mail_state == Notification.Mail.PENDING


def test_a_row_being_sent_elsewhere_is_left_alone_until_it_is_stale(side):
    comment(side)
    Notification.objects.update(mail_state=Notification.Mail.SENDING, mail_claimed_at=timezone.now())
    run()
    assert outbox.outbox == []
    Notification.objects.update(mail_claimed_at=timezone.now() - mail.STALE_AFTER - datetime.timedelta(minutes=1))
    run()
    assert len(outbox.outbox) == 2


def test_a_person_who_chose_no_mail_after_the_notice_is_not_mailed(side):
    comment(side)
    choose(side.coordinator, NotificationMail.NONE)
    run()
    assert [m.to for m in outbox.outbox] == [[side.coordinator2.email]]
    assert Notification.objects.get(recipient=side.coordinator).mail_state == Notification.Mail.NONE


def test_mail_is_in_the_readers_language(side):
    side.coordinator.language = "en"
    side.coordinator.save()
    side.coordinator2.language = "nl"
    side.coordinator2.save()
    comment(side)
    run()
    english = next(m for m in outbox.outbox if m.to == [side.coordinator.email])
    dutch = next(m for m in outbox.outbox if m.to == [side.coordinator2.email])
    assert "Carla Contact commented in the partnership with Zonnig Zuid" in english.body
    assert "Hello" in english.body
    assert "Carla Contact heeft gereageerd in het partnerschap met Zonnig Zuid" in dutch.body
    assert "Beste" in dutch.body or "Hallo" in dutch.body


def test_mail_never_carries_internal_notes(side):
    side.conversation.internal_notes = "GEHEIM: subsidie onzeker"
    side.conversation.save()
    side.partnership.start_reason = "GEHEIM startreden"
    side.partnership.save()
    comment(side)
    run()
    assert outbox.outbox and all("GEHEIM" not in m.body and "GEHEIM" not in m.subject for m in outbox.outbox)


def test_list_unsubscribe_one_click(side, client):
    comment(side)
    run()
    message = next(m for m in outbox.outbox if m.to == [side.coordinator.email])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://wijkpartner.example.nl/meldingen/afmelden/") and header.endswith("/>")
    assert header[1:-1] in message.body
    path = header[1:-1].removeprefix("https://wijkpartner.example.nl")
    # A mail client's one-click POST: no session, no CSRF token (RFC 8058).
    client.handler.enforce_csrf_checks = True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    side.coordinator.refresh_from_db()
    assert side.coordinator.notification_mail == NotificationMail.NONE
    side.coordinator2.refresh_from_db()
    assert side.coordinator2.notification_mail == NotificationMail.DAILY


def test_unsubscribe_page_asks_first_and_refuses_a_forged_token(side, client):
    path = reverse("notifications:unsubscribe", args=[mail.unsubscribe_token(side.coordinator)])
    response = client.get(path)
    assert response.status_code == 200
    assert side.coordinator.email in response.content.decode()
    side.coordinator.refresh_from_db()
    assert side.coordinator.notification_mail == NotificationMail.DAILY  # a GET (link preview) changes nothing
    forged = reverse("notifications:unsubscribe", args=[mail.unsubscribe_token(side.coordinator) + "x"])
    assert client.post(forged).status_code == 404
    # A token of an old address no longer works.
    old = mail.unsubscribe_token(side.coordinator)
    side.coordinator.email = "nieuw@example.org"
    side.coordinator.save()
    assert client.post(reverse("notifications:unsubscribe", args=[old])).status_code == 404
    side.coordinator.refresh_from_db()
    assert side.coordinator.notification_mail == NotificationMail.DAILY


def test_unsubscribing_drops_pending_mail_but_keeps_the_inbox(side, client):
    comment(side)
    client.post(reverse("notifications:unsubscribe", args=[mail.unsubscribe_token(side.coordinator)]))
    run()
    assert [m.to for m in outbox.outbox] == [[side.coordinator2.email]]
    assert Notification.objects.filter(recipient=side.coordinator).exists()
