"""Small builders for the audit tests: a partnership with people around it."""

import datetime

from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partnerships.models import CoordinatorAccess, Invitation
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory


def coordinator_of(initiative, **kwargs):
    user = UserFactory(role=Role.COORDINATOR, **kwargs)
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def partnership_with_people(**partnership_fields):
    """A partnership whose initiative has a municipal contact, a deputy and one coordinator."""
    contact, deputy = UserFactory(), UserFactory()
    initiative = InitiativeFactory(contact=contact, deputy=deputy)
    partnership = PartnershipFactory(initiative=initiative, **partnership_fields)
    return partnership, contact, deputy, coordinator_of(initiative)


def invitation(initiative, *, email="nieuw@initiatief.example", invited_by=None, expires_in=None, **fields):
    from partnerships.invitations import hash_token

    invitation.counter = getattr(invitation, "counter", 0) + 1
    return Invitation.objects.create(
        initiative=initiative,
        email=email,
        token_hash=hash_token(f"token-{invitation.counter}-{email}"),
        invited_by=invited_by,
        expires_at=timezone.now() + (expires_in if expires_in is not None else datetime.timedelta(hours=72)),
        **fields,
    )
