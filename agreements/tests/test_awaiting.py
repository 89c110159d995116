"""`DraftVersion.objects.awaiting_one_side()`: the newest version of a draft still being drafted, in
an open partnership, agreed by exactly one side. Used by the dashboard and the reminders alike."""

import pytest
from django.utils import timezone

from agreements.models import Draft, DraftVersion
from partnerships import workflow
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

NONE, MUNICIPALITY, INITIATIVE, BOTH = "none", "municipality", "initiative", "both"


def draft(partnership_status=Partnership.Status.IN_CONVERSATION, status=Draft.Status.DRAFTING):
    return Draft.objects.create(
        partnership=PartnershipFactory(status=partnership_status),
        form="samenwerkingsverklaring",
        title="Samenwerkingsverklaring",
        status=status,
    )


def version(draft, number, agreed=NONE):
    """A version with the given agreement, set directly: `services.agree` only allows the newest,
    but older data (or a race) may still hold a half agreement on an older one."""
    now = timezone.now()
    return DraftVersion.objects.create(
        draft=draft,
        number=number,
        sections=[],
        municipality_agreed_at=now if agreed in (MUNICIPALITY, BOTH) else None,
        initiative_agreed_at=now if agreed in (INITIATIVE, BOTH) else None,
    )


def awaiting():
    return set(DraftVersion.objects.awaiting_one_side())


@pytest.mark.parametrize(("agreed", "waits"), [(NONE, False), (MUNICIPALITY, True), (INITIATIVE, True), (BOTH, False)])
def test_exactly_one_side(agreed, waits):
    only = version(draft(), 1, agreed)
    assert awaiting() == ({only} if waits else set())


def test_of_two_half_agreed_versions_only_the_newest_awaits():
    d = draft()
    version(d, 1, MUNICIPALITY)
    newest = version(d, 2, INITIATIVE)
    assert awaiting() == {newest}


def test_an_older_half_agreement_awaits_nobody_once_a_newer_version_exists():
    d = draft()
    version(d, 1, MUNICIPALITY)
    version(d, 2, NONE)
    assert awaiting() == set()


def test_newest_is_per_draft():
    first, second = draft(), draft()
    version(first, 1, NONE)
    a = version(first, 2, MUNICIPALITY)
    b = version(second, 1, INITIATIVE)
    assert awaiting() == {a, b}


def test_a_final_draft_awaits_nothing():
    version(draft(status=Draft.Status.FINAL), 1, MUNICIPALITY)
    assert awaiting() == set()


@pytest.mark.parametrize("status", list(Partnership.Status))
def test_closed_partnerships_await_no_agreement(status):
    half = version(draft(partnership_status=status), 1, MUNICIPALITY)
    assert awaiting() == (set() if status in workflow.CLOSED else {half})


def test_one_query(django_assert_num_queries):
    for _ in range(3):
        d = draft()
        version(d, 1, MUNICIPALITY)
        version(d, 2, INITIATIVE)
    with django_assert_num_queries(1):
        assert len(list(DraftVersion.objects.awaiting_one_side().select_related("draft__partnership"))) == 3
