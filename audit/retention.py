"""Retention limits (AVG: keep personal data no longer than needed). Applied by `manage.py apply_retention`.

- RETENTION_INVITATION_DAYS (90): invitations that expired unused, or were revoked, longer ago.
  Accepted invitations stay: they record how a coordinator got access.
- RETENTION_SECURITY_EVENT_DAYS (730): security log events older than this.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import SecurityEvent
from partnerships.models import Invitation

DEFAULT_INVITATION_DAYS = 90
DEFAULT_SECURITY_EVENT_DAYS = 730


def _days(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    if not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of days, at least 1 (not {value!r}).")
    return value


def invitation_days() -> int:
    return _days("RETENTION_INVITATION_DAYS", DEFAULT_INVITATION_DAYS)


def security_event_days() -> int:
    return _days("RETENTION_SECURITY_EVENT_DAYS", DEFAULT_SECURITY_EVENT_DAYS)


def old_invitations(now: datetime.datetime):

    cutoff = now - datetime.timedelta(days=invitation_days())
    return Invitation.objects.filter(
        Q(revoked_at__lt=cutoff) | Q(revoked_at__isnull=True, accepted_at__isnull=True, expires_at__lt=cutoff)
    )


def old_security_events(now: datetime.datetime):
    return SecurityEvent.objects.filter(at__lt=now - datetime.timedelta(days=security_event_days()))


@dataclass
class Result:
    invitations: int = 0
    security_events: int = 0

    def summary(self) -> str:
        return f"invitations={self.invitations} security_events={self.security_events}"


def apply(*, dry_run: bool = False, now: datetime.datetime | None = None) -> Result:
    """Delete what is past its limit (or, with dry_run, count it) and say how much."""

    now = now or timezone.now()
    invitations = old_invitations(now)
    if dry_run:
        return Result(invitations=invitations.count(), security_events=old_security_events(now).count())
    with transaction.atomic():
        _total, per_model = invitations.delete()
        removed_invitations = per_model.get(Invitation._meta.label, 0)
        removed_events = SecurityEvent.purge_older_than(now - datetime.timedelta(days=security_event_days()))
    return Result(invitations=removed_invitations, security_events=removed_events)
