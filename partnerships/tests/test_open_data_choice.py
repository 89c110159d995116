"""Whether an initiative is published in the open data API: off by default, set by staff, visible
to the initiative's coordinator."""

import pytest
from django.urls import reverse

from core.models import ChangeEntry
from partnerships.models import CoordinatorAccess, Initiative
from partnerships.tests.factories import InitiativeFactory
from partnerships.tests.test_initiatives import initiative_post

pytestmark = pytest.mark.django_db


def test_an_initiative_is_not_published_unless_staff_choose_so(client, medewerker):
    client.force_login(medewerker)
    client.post(reverse("initiatives:create"), initiative_post())
    initiative = Initiative.objects.get(name="Energie Samen Oost")
    assert initiative.open_data is False
    response = client.post(reverse("initiatives:update", args=[initiative.pk]), initiative_post(open_data="on"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.open_data is True
    entry = ChangeEntry.objects.for_object(initiative).filter(action="update").get()
    assert [change["field"] for change in entry.changes] == ["open_data"]


def test_the_coordinator_sees_the_choice_but_cannot_change_it(client, django_user_model):
    initiative = InitiativeFactory(open_data=False)
    coordinator = django_user_model.objects.create_user(email="c@example.org", password="x" * 14, role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    client.force_login(coordinator)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert 'data-open-data="no"' in page and "Niet gepubliceerd" in page
    form = client.get(reverse("initiatives:update", args=[initiative.pk])).content.decode()
    assert 'name="open_data"' not in form
    client.post(reverse("initiatives:update", args=[initiative.pk]), initiative_post(open_data="on"))
    initiative.refresh_from_db()
    assert initiative.open_data is False
    initiative.open_data = True
    initiative.save()
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert 'data-open-data="yes"' in page and "open data-API" in page
