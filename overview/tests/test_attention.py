"""The staff dashboard's "needs attention" and the reminders list the same things for the same data.

One data set holds every edge case where the two used to disagree (review window 30 vs 14 days,
overdue activities of closed partnerships, every half-agreed draft version vs only the newest) and
the boundaries of each rule. Every item has someone to remind, so the reminders (all people
together, and each person's own list as on the home page) must match the dashboard exactly.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Draft, DraftVersion
from audit.models import ReminderSent
from audit.tests.factories import invitation, partnership_with_people
from overview.dashboard import LIMIT, needs_attention
from overview.reminders import collect, items_for
from partnerships.models import Activity, Partnership

pytestmark = pytest.mark.django_db
Kind = ReminderSent.Kind
S = Partnership.Status


def days(n):
    return datetime.timedelta(days=n)


def add_activity(partnership, due, *, responsible="municipality", status=Activity.Status.PLANNED):
    return Activity.objects.create(
        partnership=partnership, what=f"Klus {due}", due_date=due, responsible=responsible, status=status
    )


def add_draft(partnership, *agreements):
    """A draft with one version per entry: (municipality agreed, initiative agreed)."""
    title = f"Verklaring {partnership}"
    draft = Draft.objects.create(partnership=partnership, form="samenwerkingsverklaring", title=title)
    now = timezone.now()
    return [
        DraftVersion.objects.create(
            draft=draft,
            number=number,
            sections=[],
            municipality_agreed_at=now if municipality else None,
            initiative_agreed_at=now if initiative else None,
        )
        for number, (municipality, initiative) in enumerate(agreements, start=1)
    ]


@pytest.fixture
def world():
    """Every edge case at once; returns what should need attention, per kind, and everyone involved."""
    today = timezone.localdate()
    people = []

    def partnership(**fields):
        p, contact, deputy, coordinator = partnership_with_people(**fields)
        people.extend([contact, deputy, coordinator])
        return p, contact

    # Reviews: past, in 10 and in 20 days (the old reminders stopped at 14), the last day of the
    # 30-day window; not: the day after, far ahead, none, closed ones with a past review date.
    overdue_review, _ = partnership(review_date=today - days(5), status=S.REVIEW_DUE)
    in_10, _ = partnership(review_date=today + days(10))
    in_20, _ = partnership(review_date=today + days(20))
    in_30, _ = partnership(review_date=today + days(30))
    partnership(review_date=today + days(31))
    partnership(review_date=today + days(200))
    partnership(review_date=None)
    partnership(review_date=today - days(1), status=S.ENDED)
    partnership(review_date=today, status=S.STOPPED_TOGETHER)

    # Activities of an open partnership: overdue for the municipality, the initiative, in progress;
    # not: due today, done or dropped. A closed partnership's overdue activities (the old dashboard
    # listed them) are not overdue work.
    working, contact = partnership(status=S.ACTIVE)
    yesterday = today - days(1)
    overdue_activities = {
        add_activity(working, yesterday),
        add_activity(working, today - days(40), responsible="initiative"),
        add_activity(working, yesterday, responsible="open", status=Activity.Status.IN_PROGRESS),
    }
    add_activity(working, today)
    add_activity(working, today + days(1))
    add_activity(working, yesterday, status=Activity.Status.DONE)
    add_activity(working, yesterday, responsible="initiative", status=Activity.Status.DROPPED)
    for closed in (S.ENDED, S.STOPPED_TOGETHER):
        ended, _ = partnership(status=closed)
        add_activity(ended, today - days(3))
        add_activity(ended, today - days(3), responsible="initiative")

    # Drafts: two half-agreed versions (only the newest waits), the initiative waiting for the
    # municipality and the other way round; not: an older half agreement under a newer version,
    # agreed by both, a closed partnership's half agreement.
    _older, two_halves = add_draft(working, (True, False), (False, True))
    talking, _ = partnership(status=S.IN_CONVERSATION)
    (municipality_first,) = add_draft(talking, (True, False))
    add_draft(talking, (False, True), (False, False))
    agreed, _ = partnership(status=S.AGREEMENTS_RECORDED)
    add_draft(agreed, (True, True))
    Draft.objects.filter(partnership=agreed).update(status=Draft.Status.FINAL)
    stopped, _ = partnership(status=S.STOPPED_TOGETHER)
    add_draft(stopped, (True, False))

    # Invitations (sent by the contact): within 48 hours; not: in 3 days, expired, accepted, revoked.
    now = timezone.now()
    initiative = working.initiative
    expiring = {
        invitation(initiative, email="morgen@i.example", invited_by=contact, expires_in=days(1)),
        invitation(initiative, email="bijna@i.example", invited_by=contact, expires_in=datetime.timedelta(hours=47)),
    }
    invitation(initiative, email="later@i.example", invited_by=contact, expires_in=days(3))
    invitation(initiative, email="verlopen@i.example", invited_by=contact, expires_in=datetime.timedelta(hours=-1))
    invitation(initiative, email="aanvaard@i.example", invited_by=contact, expires_in=days(1), accepted_at=now)
    invitation(initiative, email="ingetrokken@i.example", invited_by=contact, expires_in=days(1), revoked_at=now)

    expected = {
        Kind.REVIEW: {f"partnership:{p.pk}" for p in (overdue_review, in_10, in_20, in_30)},
        Kind.ACTIVITY: {f"activity:{a.pk}" for a in overdue_activities},
        Kind.AGREEMENT: {f"draftversion:{v.pk}" for v in (two_halves, municipality_first)},
        Kind.INVITATION: {f"invitation:{i.pk}" for i in expiring},
    }
    return today, expected, people


def dashboard_items(today) -> dict:
    attention = needs_attention(today)
    return {
        Kind.REVIEW: {f"partnership:{p.pk}" for p in attention["reviews"]},
        Kind.ACTIVITY: {f"activity:{a.pk}" for a in attention["overdue_activities"]},
        Kind.AGREEMENT: {f"draftversion:{v.pk}" for v in attention["waiting_drafts"]},
        Kind.INVITATION: {f"invitation:{i.pk}" for i in attention["expiring_invitations"]},
    }


def reminder_items(items) -> dict:
    result = {kind: set() for kind in Kind}
    for item in items:
        result[item.kind].add(item.key)
    return result


def test_needs_attention_and_the_reminders_list_the_same_items(world):
    today, expected, people = world

    assert dashboard_items(today) == expected

    # The daily mail: everyone's reminders together.
    mailed = [item for _user, items in collect(today) for item in items]
    assert reminder_items(mailed) == expected

    # The home page and the reminders page: each person's own list.
    personal = [item for person in people for item in items_for(person, today)]
    assert reminder_items(personal) == expected


def test_the_dashboard_page_shows_them_all(client, world, medewerker):
    """The page renders what `needs_attention` found, nothing more (every initiative here has a
    contact and no neighbourhood is linked, so the other two lists are empty)."""
    _today, expected, _people = world
    client.force_login(medewerker)
    page = client.get(reverse("overview:home")).content.decode()
    attention = page.split('id="aandacht"')[1].split("</section>")[0]
    assert attention.count("<li>") == sum(len(keys) for keys in expected.values())
    assert "morgen@i.example" in attention and "later@i.example" not in attention


@pytest.mark.parametrize("rows", [1, 50])
def test_query_counts_do_not_grow_with_the_items(client, django_assert_num_queries, rows):
    """`rows` of every kind, all for one contact: the dashboard (with its reminders) and the
    reminders page cost the same at 1 and 50."""
    today = timezone.localdate()
    partnership, contact, *_ = partnership_with_people(review_date=today)
    for index in range(rows):
        other, *_ = partnership_with_people(review_date=today + days(index % 30))
        other.initiative.contact = contact
        other.initiative.save()
        add_activity(other, today - days(1 + index))
        add_draft(other, (False, True))
        invitation(other.initiative, email=f"{index}@i.example", invited_by=contact, expires_in=days(1))
    client.force_login(contact)
    # The home page: the dashboard (see test_home_query_count_does_not_grow) and this person's
    # reminders (their initiatives, their coordinator access, one query per kind); the reminders
    # page: session, user and items_for. The home page's "this week" adds three queries, its
    # unread notifications one, the coordinators of initiatives due for review (both sides are
    # reminded) one.
    with django_assert_num_queries(28):
        home = client.get(reverse("overview:home")).content.decode()
    with django_assert_num_queries(10):  # with the coordinators of initiatives due for review
        page = client.get(reverse("overview:reminders")).content.decode()
    assert page.count("data-reminder=") == 1 + 4 * rows  # its own review, and four per row
    attention = home.split('id="aandacht"')[1].split("</section>")[0]
    assert attention.count("<li>") == min(1 + rows, LIMIT) + 3 * min(rows, LIMIT)  # LIMIT of each kind
