"""The forms of the partnership page in place (htmx): the same views, validation and services; an
htmx request gets a fragment, an invalid one the fragment with its errors in the same place, a
valid one the usual redirect. Without htmx nothing changes."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import Need
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def conversation(medewerker):
    return services.add_conversation(
        PartnershipFactory(), actor=medewerker, values={"date": datetime.date(2026, 10, 1), "summary": "Start"}
    )


def test_an_htmx_request_gets_the_form_as_a_fragment(client, medewerker, conversation):
    client.force_login(medewerker)
    url = reverse("partnerships:need_create", args=[conversation.pk])
    fragment = client.get(url, **HX)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and 'class="inline-form' in html
    assert f'hx-target="#gesprek-{conversation.pk}"' in html
    assert "HX-Request" in fragment["Vary"]
    page = client.get(url)
    assert "<html" in page.content.decode() and "HX-Request" in page["Vary"]


def test_an_invalid_htmx_post_returns_the_errors_in_place(client, medewerker, conversation):
    client.force_login(medewerker)
    url = reverse("partnerships:need_create", args=[conversation.pk])
    response = client.post(url, {"direction": "", "category": "", "description": ""}, **HX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "closest [data-inline-slot]"
    assert response["HX-Reselect"] == ".inline-form"
    html = response.content.decode()
    assert "data-error-summary" in html and "<html" not in html
    assert not Need.objects.exists()


def test_a_valid_htmx_post_saves_through_the_service_and_redirects(client, medewerker, conversation):
    client.force_login(medewerker)
    url = reverse("partnerships:need_create", args=[conversation.pk])
    values = {"direction": "initiative", "category": "budget", "description": "Procesgeld"}
    response = client.post(url, values, **HX)
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:detail", args=[conversation.partnership_id])
    assert Need.objects.get().description == "Procesgeld"
    page = client.get(response["Location"], **HX)
    assert f'id="gesprek-{conversation.pk}"' in page.content.decode()
    assert 'id="meldingen"' in page.content.decode()


def test_the_contact_log_form_works_in_place(client, medewerker):
    client.force_login(medewerker)
    initiative = InitiativeFactory()
    url = reverse("initiatives:log_create", args=[initiative.pk])
    html = client.get(url, **HX).content.decode()
    assert 'hx-target="#contactlog-sectie"' in html and "<html" not in html
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert 'id="contactlog-sectie"' in detail and f'hx-get="{url}"' in detail
