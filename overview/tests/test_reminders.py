import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agreements import services as agreement_services
from audit.models import ReminderSent
from audit.tests.factories import coordinator_of, invitation, partnership_with_people
from core.testing import assert_on_page
from overview.reminders import collect, items_for, send
from partnerships import services as partnership_services
from partnerships.models import Activity, Partnership

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


def keys(items):
    return [item.key for item in items]


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def activity(partnership, *, responsible, due, status=Activity.Status.PLANNED, what=None):
    return partnership_services.add_activity(
        partnership,
        actor=None,
        values={
            "what": what or f"Klus voor {responsible}",
            "responsible": responsible,
            "due_date": due,
            "status": status,
        },
    )


def agreed_version(partnership, *, side, actor):
    draft = agreement_services.create_draft(partnership, form="samenwerkingsverklaring", actor=None)
    version = agreement_services.freeze(draft, actor=None)
    return agreement_services.agree(version, side=side, actor=actor)


# --- Who gets which item -------------------------------------------------------------------------------------


def test_review_dates_within_the_notice_window_or_past_go_to_both_sides(settings):
    window = settings.REVIEW_NOTICE_DAYS
    assert window == 30  # a month before
    due, contact, deputy, coordinator = partnership_with_people(review_date=TODAY + datetime.timedelta(days=window))
    past, past_contact, _, past_coordinator = partnership_with_people(review_date=TODAY - datetime.timedelta(days=30))
    _, later_contact, _, later_coordinator = partnership_with_people(
        review_date=TODAY + datetime.timedelta(days=window + 1)
    )  # not yet
    partnership_with_people(review_date=TODAY - datetime.timedelta(days=1), status=Partnership.Status.ENDED)

    assert keys(items_for(contact, TODAY)) == [f"partnership:{due.pk}"]
    assert keys(items_for(coordinator, TODAY)) == [f"partnership:{due.pk}"]  # the initiative's side too
    assert keys(items_for(past_contact, TODAY)) == [f"partnership:{past.pk}"]
    assert items_for(deputy, TODAY) == [] and items_for(later_coordinator, TODAY) == []
    assert sorted(collect(TODAY).people) == sorted([contact.pk, coordinator.pk, past_contact.pk, past_coordinator.pk])


def test_the_deputy_gets_the_review_when_there_is_no_active_contact():
    partnership, contact, deputy, _ = partnership_with_people(review_date=TODAY)
    contact.is_active = False
    contact.save()
    assert keys(items_for(deputy, TODAY)) == [f"partnership:{partnership.pk}"]
    assert items_for(contact, TODAY) == []


def test_overdue_activities_go_to_whoever_is_responsible():
    partnership, contact, deputy, coordinator = partnership_with_people()
    second_coordinator = coordinator_of(partnership.initiative)
    yesterday = TODAY - datetime.timedelta(days=1)
    ours = activity(partnership, responsible="municipality", due=yesterday)
    both = activity(partnership, responsible="both", due=yesterday)
    open_ = activity(partnership, responsible="open", due=yesterday, status=Activity.Status.IN_PROGRESS)
    theirs = activity(partnership, responsible="initiative", due=yesterday)
    activity(partnership, responsible="municipality", due=TODAY)  # due today: not overdue
    activity(partnership, responsible="municipality", due=yesterday, status=Activity.Status.DONE)
    activity(partnership, responsible="initiative", due=yesterday, status=Activity.Status.DROPPED)

    assert sorted(keys(items_for(contact, TODAY))) == sorted(f"activity:{a.pk}" for a in (ours, both, open_))
    assert keys(items_for(coordinator, TODAY)) == [f"activity:{theirs.pk}"]
    assert keys(items_for(second_coordinator, TODAY)) == [f"activity:{theirs.pk}"]
    assert items_for(deputy, TODAY) == []


def test_a_revoked_coordinator_gets_no_reminders():
    partnership, _contact, _deputy, coordinator = partnership_with_people()
    activity(partnership, responsible="initiative", due=TODAY - datetime.timedelta(days=3))
    coordinator.coordinator_access.update(revoked_at=timezone.now())
    assert items_for(coordinator, TODAY) == []
    assert coordinator.pk not in collect(TODAY).people


def test_a_draft_agreed_by_one_side_waits_for_the_other(medewerker):
    from agreements.models import DraftVersion

    ours_first, contact, _deputy, coordinator = partnership_with_people()
    version = agreed_version(ours_first, side="municipality", actor=contact)
    theirs_first, other_contact, _d, other_coordinator = partnership_with_people()
    other_version = agreed_version(theirs_first, side="initiative", actor=other_coordinator)

    assert keys(items_for(coordinator, TODAY)) == [f"draftversion:{version.pk}"]
    assert keys(items_for(other_contact, TODAY)) == [f"draftversion:{other_version.pk}"]
    assert items_for(contact, TODAY) == [] and items_for(other_coordinator, TODAY) == []

    # Agreed by both: nothing is awaited any more.
    agreement_services.agree(other_version, side="municipality", actor=other_contact)
    assert items_for(other_contact, TODAY) == []

    # Only the newest version counts: after a new freeze, the old agreement waits for nobody.
    draft = version.draft
    section = draft.sections.first()
    section.text += " Aangepast."
    section.save()
    agreement_services.freeze(draft, actor=None)
    assert DraftVersion.objects.filter(draft=draft).count() == 2
    assert items_for(coordinator, TODAY) == []


def test_invitations_expiring_within_two_days_go_to_the_sender():
    partnership, contact, *_ = partnership_with_people()
    initiative = partnership.initiative
    soon = invitation(initiative, email="a@i.example", invited_by=contact, expires_in=datetime.timedelta(days=1))
    invitation(initiative, email="b@i.example", invited_by=contact, expires_in=datetime.timedelta(days=3))
    invitation(
        initiative,
        email="c@i.example",
        invited_by=contact,
        expires_in=datetime.timedelta(hours=5),
        accepted_at=timezone.now(),
    )
    invitation(initiative, email="d@i.example", invited_by=contact, expires_in=datetime.timedelta(hours=-1))

    items = items_for(contact)
    assert keys(items) == [f"invitation:{soon.pk}"]
    assert "a@i.example" in items[0].text


def test_items_for_has_a_fixed_number_of_queries(django_assert_max_num_queries):
    partnership, contact, _deputy, coordinator = partnership_with_people(review_date=TODAY)
    for _ in range(5):
        activity(partnership, responsible="initiative", due=TODAY - datetime.timedelta(days=2))
        activity(partnership, responsible="municipality", due=TODAY - datetime.timedelta(days=2))
    with django_assert_max_num_queries(7):
        assert len(items_for(coordinator, TODAY)) == 6  # their activities and the review
    with django_assert_max_num_queries(7):
        assert len(items_for(contact, TODAY)) == 6


def _overdue(partnership, count):
    """`count` overdue activities for the municipality, each one day later than the one before."""
    today = timezone.localdate()
    return [
        activity(
            partnership,
            responsible="municipality",
            due=today - datetime.timedelta(days=100 - index),
            what=f"Klus {index:02d} voor de gemeente",
        )
        for index in range(count)
    ]


def test_the_home_page_shows_the_first_ten_and_links_to_the_rest(client):
    partnership, contact, *_ = partnership_with_people()
    activities = _overdue(partnership, 12)
    client.force_login(contact)
    home = client.get(reverse("overview:home")).content.decode()
    section = home.split('id="herinneringen-kop"')[1].split("</section>")[0]
    assert section.count("data-reminder=") == 10
    assert activities[0].what in section  # soonest (oldest due date) first
    assert "Alle 12 punten tonen" in section and reverse("overview:reminders") in section

    page = client.get(reverse("overview:reminders")).content.decode()
    assert page.count("data-reminder=") == 12
    assert page.count("<h1>") == 1 and "data-empty" not in page


def test_with_ten_or_fewer_items_there_is_no_link_to_more(client):
    partnership, contact, *_ = partnership_with_people()
    _overdue(partnership, 10)
    client.force_login(contact)
    home = client.get(reverse("overview:home")).content.decode()
    assert home.count("data-reminder=") == 10 and reverse("overview:reminders") not in home


def test_the_reminders_page_shows_only_the_persons_own_items(client):
    partnership, contact, _deputy, coordinator = partnership_with_people()
    _overdue(partnership, 2)
    other, other_contact, *_ = partnership_with_people()
    activity(other, responsible="municipality", due=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(contact)
    page = client.get(reverse("overview:reminders")).content.decode()
    assert page.count("data-reminder=") == 2
    assert reverse("partnerships:detail", args=[partnership.pk]) in page
    assert reverse("partnerships:detail", args=[other.pk]) not in page
    client.force_login(other_contact)
    assert client.get(reverse("overview:reminders")).content.decode().count("data-reminder=") == 1
    client.force_login(coordinator)  # the municipality's activities are not the coordinator's
    page = client.get(reverse("overview:reminders")).content.decode()
    assert "data-empty" in page and "data-reminder=" not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_reminders_page_query_count_does_not_grow(client, django_assert_num_queries, rows):
    partnership, contact, *_ = partnership_with_people()
    activities = _overdue(partnership, rows)
    client.force_login(contact)
    with django_assert_num_queries(9):  # session, user and the 7 of items_for
        response = client.get(reverse("overview:reminders"))
    assert response.content.decode().count("data-reminder=") == rows
    assert_on_page(response, [a.what for a in activities])


def test_items_for_anonymous_or_inactive_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert items_for(AnonymousUser(), TODAY) == []
    assert items_for(None, TODAY) == []
    assert items_for(UserFactory(is_active=False), TODAY) == []


# --- Mailing ----------------------------------------------------------------------------------------------


@pytest.fixture
def world():
    """Two people with reminders: the contact (review + activity) and the coordinator (activity)."""
    partnership, contact, deputy, coordinator = partnership_with_people(review_date=TODAY)
    contact.language = "en"
    contact.save()
    activity(partnership, responsible="municipality", due=TODAY - datetime.timedelta(days=1))
    activity(partnership, responsible="initiative", due=TODAY - datetime.timedelta(days=1))
    return partnership, contact, coordinator


def test_one_mail_per_person_with_all_their_items(world):
    partnership, contact, coordinator = world
    output = run("--today", TODAY.isoformat())
    assert output.strip().splitlines()[-1] == "sent=2 skipped=0"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([contact.email, coordinator.email])
    to_contact = next(m for m in mail.outbox if m.to == [contact.email])
    assert "2 reminders" in to_contact.subject
    assert "The review of the partnership with" in to_contact.body
    assert "Klus voor municipality" in to_contact.body
    assert "Klus voor initiative" not in to_contact.body
    assert ReminderSent.objects.filter(user=contact, date=TODAY).count() == 2


def test_running_twice_on_a_day_sends_nothing_twice(world):
    run("--today", TODAY.isoformat())
    assert len(mail.outbox) == 2
    output = run("--today", TODAY.isoformat())
    assert output.strip().splitlines()[-1] == "sent=0 skipped=2"
    assert len(mail.outbox) == 2
    # The next day they are reminded again.
    run("--today", (TODAY + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 4


def test_an_item_that_appears_later_that_day_is_sent_on_its_own(world):
    partnership, contact, coordinator = world
    run("--today", TODAY.isoformat())
    late = activity(partnership, responsible="municipality", due=TODAY - datetime.timedelta(days=5))
    outcome = send(TODAY)
    assert (outcome.sent, outcome.skipped) == (1, 1)
    assert "Klus voor municipality" in mail.outbox[-1].body and "review" not in mail.outbox[-1].body
    assert ReminderSent.objects.filter(user=contact, object_key=f"activity:{late.pk}").exists()


def test_dry_run_sends_and_records_nothing(world):
    _partnership, contact, _coordinator = world
    output = run("--dry-run", "--today", TODAY.isoformat())
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    assert contact.email in output
    assert "Dry run" in output
    assert output.strip().splitlines()[-1] == "sent=2 skipped=0"


def test_mail_links_use_site_url_when_set(world, settings):
    _partnership, contact, _coordinator = world
    settings.SITE_URL = "https://wijkpartner.example.nl/"
    run("--today", TODAY.isoformat())
    body = next(m for m in mail.outbox if m.to == [contact.email]).body
    assert "https://wijkpartner.example.nl/partnerschappen/" in body


def test_mail_is_in_the_persons_language(world):
    _partnership, contact, coordinator = world
    run("--today", TODAY.isoformat())
    to_contact = next(m for m in mail.outbox if m.to == [contact.email])
    assert to_contact.body.startswith("Hello ")


def test_a_failed_mail_is_retried_on_the_next_run(world, monkeypatch):
    import smtplib

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("overview.reminders.send_mail", broken)
    with pytest.raises(CommandError):
        run("--today", TODAY.isoformat())
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert run("--today", TODAY.isoformat()).strip().splitlines()[-1] == "sent=2 skipped=0"


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        run("--today", "10-03-2026")


def test_without_today_it_runs_for_the_current_day():
    partnership_with_people(review_date=timezone.localdate())
    assert run().strip().splitlines()[-1] == "sent=2 skipped=0"  # the contact and the coordinator
    assert {sent.date for sent in ReminderSent.objects.all()} == {timezone.localdate()}
