"""The boundaries of the "needs attention" rules on the partnership models: each queryset method the
day (or moment) before, on and after its window. The dashboard and the reminders both use them
(overview/tests/test_attention.py checks that they agree)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from partnerships import workflow
from partnerships.invitations import hash_token
from partnerships.models import Activity, Invitation, Partnership, moment_of
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 3, 10)  # a day in the past, never the real today: checks start from midnight
MIDNIGHT = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time.min))
DAY = datetime.timedelta(days=1)
OPEN_STATUSES = [s for s in Partnership.Status if s not in workflow.CLOSED]


def days(n):
    return datetime.timedelta(days=n)


# --- Partnership.objects.review_due ---------------------------------------------------------------------


def review_due(partnership, today=TODAY):
    return Partnership.objects.review_due(today).filter(pk=partnership.pk).exists()


def test_the_review_window_is_thirty_days_by_default(settings):
    assert settings.REVIEW_NOTICE_DAYS == 30


@pytest.mark.parametrize(
    ("offset", "due"),
    [
        (-365, True),  # long past: still to be done
        (-1, True),  # past
        (0, True),  # today
        (1, True),
        (29, True),  # the day before the window's last day
        (30, True),  # the last day of the window
        (31, False),  # the day after
        (200, False),
    ],
)
def test_review_due_boundaries(offset, due):
    assert review_due(PartnershipFactory(review_date=TODAY + days(offset))) is due


@pytest.mark.parametrize("window", [0, 14])
def test_review_due_follows_the_setting(settings, window):
    settings.REVIEW_NOTICE_DAYS = window
    assert review_due(PartnershipFactory(review_date=TODAY + days(window)))
    assert not review_due(PartnershipFactory(review_date=TODAY + days(window + 1)))


def test_review_due_needs_a_review_date():
    assert not review_due(PartnershipFactory(review_date=None))


@pytest.mark.parametrize("status", list(Partnership.Status))
def test_closed_partnerships_have_no_review_due(status):
    partnership = PartnershipFactory(review_date=TODAY - DAY, status=status)
    assert review_due(partnership) is (status not in workflow.CLOSED)


def test_open_partnerships_are_those_not_closed():
    assert workflow.CLOSED == {Partnership.Status.ENDED, Partnership.Status.STOPPED_TOGETHER}
    assert Partnership.Status is workflow.Status
    for status in Partnership.Status:
        PartnershipFactory(status=status)
    assert set(Partnership.objects.open().values_list("status", flat=True)) == set(OPEN_STATUSES)


# --- Activity.objects.overdue and Activity.is_overdue ----------------------------------------------------


def activity(due, *, status=Activity.Status.PLANNED, partnership_status=Partnership.Status.ACTIVE):
    return Activity.objects.create(
        partnership=PartnershipFactory(status=partnership_status), what="Klus", due_date=due, status=status
    )


def overdue(activity, today=TODAY):
    """The queryset rule, after checking that the in-memory rule agrees with it."""
    in_database = Activity.objects.overdue(today).filter(pk=activity.pk).exists()
    fresh = Activity.objects.select_related("partnership").get(pk=activity.pk)
    assert fresh.is_overdue(today) is in_database
    return in_database


@pytest.mark.parametrize(("offset", "is_overdue"), [(-30, True), (-1, True), (0, False), (1, False)])
def test_overdue_boundaries(offset, is_overdue):
    """Due yesterday is overdue; due today is not yet."""
    assert overdue(activity(TODAY + days(offset))) is is_overdue


def test_without_a_due_date_nothing_is_overdue():
    assert not overdue(activity(None))


@pytest.mark.parametrize("status", list(Activity.Status))
def test_only_open_activities_are_overdue(status):
    open_ = status in {Activity.Status.PLANNED, Activity.Status.IN_PROGRESS}
    assert Activity.OPEN_STATUSES == {Activity.Status.PLANNED, Activity.Status.IN_PROGRESS}
    assert overdue(activity(TODAY - DAY, status=status)) is open_
    assert Activity.objects.open().filter(status=status).exists() is open_


@pytest.mark.parametrize(
    ("partnership_status", "activity_status"),
    list(itertools.product(Partnership.Status, [Activity.Status.PLANNED, Activity.Status.IN_PROGRESS])),
)
def test_activities_of_closed_partnerships_are_not_overdue(partnership_status, activity_status):
    item = activity(TODAY - days(5), status=activity_status, partnership_status=partnership_status)
    assert overdue(item) is (partnership_status not in workflow.CLOSED)


def test_is_overdue_on_the_partnership_page_costs_no_queries(django_assert_num_queries):
    partnership = PartnershipFactory(status=Partnership.Status.ENDED)
    Activity.objects.create(partnership=partnership, what="Klus", due_date=TODAY - DAY)
    with django_assert_num_queries(1):
        assert [a.is_overdue(TODAY) for a in partnership.activities.all()] == [False]


# --- Invitation.objects.expiring -------------------------------------------------------------------------


def invitation(expires_at, **fields):
    invitation.counter = getattr(invitation, "counter", 0) + 1
    return Invitation.objects.create(
        initiative=InitiativeFactory(),
        email="nieuw@initiatief.example",
        token_hash=hash_token(f"expiring-{invitation.counter}"),
        expires_at=expires_at,
        **fields,
    )


def expiring(invitation, today=TODAY):
    return Invitation.objects.expiring(today).filter(pk=invitation.pk).exists()


def test_the_invitation_window_is_48_hours_by_default(settings):
    assert settings.INVITATION_NOTICE_HOURS == 48


def test_on_another_day_the_window_starts_at_midnight():
    assert moment_of(TODAY) == MIDNIGHT


@pytest.mark.parametrize(
    ("expires_at", "is_expiring"),
    [
        (MIDNIGHT - DAY, False),  # the day before: already expired
        (MIDNIGHT - datetime.timedelta(seconds=1), False),
        (MIDNIGHT, False),  # expires at the start: expired (as Invitation.state says)
        (MIDNIGHT + datetime.timedelta(seconds=1), True),
        (MIDNIGHT + DAY, True),
        (MIDNIGHT + datetime.timedelta(hours=48), True),  # the end of the window
        (MIDNIGHT + datetime.timedelta(hours=48, seconds=1), False),
        (MIDNIGHT + days(3), False),  # the day after
    ],
)
def test_expiring_boundaries(expires_at, is_expiring):
    assert expiring(invitation(expires_at)) is is_expiring


def test_expiring_follows_the_setting(settings):
    settings.INVITATION_NOTICE_HOURS = 72
    assert expiring(invitation(MIDNIGHT + datetime.timedelta(hours=72)))
    assert not expiring(invitation(MIDNIGHT + datetime.timedelta(hours=72, seconds=1)))


def test_accepted_or_revoked_invitations_are_not_expiring():
    soon = MIDNIGHT + DAY
    assert not expiring(invitation(soon, accepted_at=MIDNIGHT - DAY))
    assert not expiring(invitation(soon, revoked_at=MIDNIGHT - DAY))


def test_today_counts_from_now():
    """On the current day the window starts now, not at midnight: an invitation that expired an
    hour ago is no longer listed, one that expires in 47 hours is."""
    today, now = timezone.localdate(), timezone.now()
    assert not expiring(invitation(now - datetime.timedelta(minutes=1)), today)
    assert expiring(invitation(now + datetime.timedelta(hours=47)), today)
    assert not expiring(invitation(now + datetime.timedelta(hours=49)), today)
