import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit import retention
from audit.models import SecurityEvent
from audit.tests.factories import invitation
from partnerships.models import Invitation
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.fixture
def data():
    now = timezone.now()
    initiative = InitiativeFactory()
    invitations = {
        "expired_long_ago": invitation(initiative, email="a@i.example", expires_in=-91 * DAY),
        "expired_recently": invitation(initiative, email="b@i.example", expires_in=-89 * DAY),
        "revoked_long_ago": invitation(initiative, email="c@i.example", revoked_at=now - 91 * DAY),
        "revoked_recently": invitation(initiative, email="d@i.example", revoked_at=now - 10 * DAY),
        # Accepted long ago: it records how the coordinator got access, and stays.
        "accepted_long_ago": invitation(
            initiative, email="e@i.example", expires_in=-400 * DAY, accepted_at=now - 402 * DAY
        ),
        "pending": invitation(initiative, email="f@i.example"),
    }
    events = {
        "old": SecurityEvent.objects.create(action="login", at=now - 731 * DAY),
        "older": SecurityEvent.objects.create(action="export", at=now - 2000 * DAY),
        "recent": SecurityEvent.objects.create(action="login", at=now - 729 * DAY),
    }
    return invitations, events


def remaining_invitations():
    return set(Invitation.objects.values_list("email", flat=True))


def test_deletes_what_is_past_its_limit_and_says_how_much(data):
    assert run() == ["invitations=2 security_events=2"]
    assert remaining_invitations() == {"b@i.example", "d@i.example", "e@i.example", "f@i.example"}
    assert list(SecurityEvent.objects.values_list("action", flat=True)) == ["login"]
    assert run() == ["invitations=0 security_events=0"]


def test_dry_run_only_counts(data):
    lines = run("--dry-run")
    assert lines[-1] == "invitations=2 security_events=2"
    assert "Dry run" in lines[0]
    assert len(remaining_invitations()) == 6
    assert SecurityEvent.objects.count() == 3


def test_the_limits_come_from_the_settings(data, settings):
    settings.RETENTION_INVITATION_DAYS = 5
    settings.RETENTION_SECURITY_EVENT_DAYS = 1000
    assert run() == ["invitations=4 security_events=1"]
    assert remaining_invitations() == {"e@i.example", "f@i.example"}


def test_defaults_without_settings(settings):
    for name in ["RETENTION_INVITATION_DAYS", "RETENTION_SECURITY_EVENT_DAYS"]:
        if hasattr(settings, name):
            delattr(settings, name)
    assert (retention.invitation_days(), retention.security_event_days()) == (90, 730)


@pytest.mark.parametrize("value", [0, -5, "90"])
def test_a_nonsensical_limit_is_refused(settings, value):
    settings.RETENTION_SECURITY_EVENT_DAYS = value
    with pytest.raises(CommandError):
        run()


def test_the_retention_command_is_the_only_way_events_are_deleted(data):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.filter(at__lt=timezone.now() - 730 * DAY).delete()
    assert SecurityEvent.objects.count() == 3
