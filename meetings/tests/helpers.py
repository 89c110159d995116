"""Shared set-up for the meetings tests: a partnership with a coordinator, and a way to hear what
the services tell (partnerships.notices.file_event)."""

import datetime

from django.utils import timezone

from accounts.tests.factories import UserFactory
from meetings import services
from partnerships.models import CoordinatorAccess


def coordinator_of(initiative, **kwargs):
    user = UserFactory(role="coordinator", **kwargs)
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def at(days=7, hour=19, minute=30):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def plan(partnership, actor, participants, *, days=7, **values):
    return services.plan_meeting(
        partnership,
        actor=actor,
        values={
            "starts_at": at(days),
            "location": "Buurthuis De Linde",
            "agenda": "1. Opening",
            "participants": participants,
            **values,
        },
    )


class Told:
    """Collects the notices sent while it is connected."""

    def __init__(self):
        self.notices = []

    def __call__(self, sender, notice, **kwargs):
        self.notices.append(notice)

    def kinds(self):
        return [n.kind for n in self.notices]
