"""Fixtures for core's tests of downloads and headers."""

import pytest

from accounts.tests.factories import UserFactory
from agreements import services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory


@pytest.fixture
def final_version(medewerker):
    def make(name):
        partnership = PartnershipFactory(initiative__name=name)
        coordinator = UserFactory(role="coordinator")
        CoordinatorAccess.objects.create(user=coordinator, initiative=partnership.initiative)
        draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
        version = services.freeze(draft, actor=medewerker)
        services.agree(version, side="municipality", actor=medewerker)
        services.agree(version, side="initiative", actor=coordinator)
        return version

    return make
