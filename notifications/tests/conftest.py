import datetime

import pytest

from accounts.models import NotificationMail, Role
from accounts.tests.factories import UserFactory
from notifications.models import Notification
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory


class Side:
    """A partnership with both sides: the municipal contact and deputy, and two coordinators."""

    def __init__(self, name="Zonnig Zuid"):
        self.contact = UserFactory(full_name="Carla Contact", notification_mail=NotificationMail.DAILY)
        self.deputy = UserFactory(full_name="Dirk Deputy", notification_mail=NotificationMail.DAILY)
        self.initiative = InitiativeFactory(name=name, contact=self.contact, deputy=self.deputy)
        self.partnership = PartnershipFactory(initiative=self.initiative)
        self.coordinator = self.make_coordinator("Cor Coördinator")
        self.coordinator2 = self.make_coordinator("Ria Coördinator")
        self.conversation = partnership_services.add_conversation(
            self.partnership, actor=self.contact, values={"date": datetime.date(2026, 1, 1)}
        )
        # The first conversation moved the status, which the coordinators heard of: start clean.
        Notification.objects.all().delete()

    def make_coordinator(self, name, **extra):
        user = UserFactory(full_name=name, role=Role.COORDINATOR, notification_mail=NotificationMail.DAILY, **extra)
        CoordinatorAccess.objects.create(user=user, initiative=self.initiative)
        return user


@pytest.fixture
def side(db):
    return Side()


@pytest.fixture
def other_side(db):
    return Side(name="Wind van West")
